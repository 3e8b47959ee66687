/**
 * A WebSocket client for system tests of the realtime gateway: buffers every frame from the moment
 * the socket exists (so "the first frame is ready" can be checked), waits for frames with a timeout,
 * and remembers every socket it opened so a suite can close them all in afterEach.
 */
import WebSocket from 'ws';

export interface Frame {
  type: string;
  cursor: number;
  inboxId?: string | null;
  conversationId?: string | null;
  data?: any;
  createdAt?: string;
}

export interface ConnectOptions {
  token?: string;
  /** ?after=<cursor>, or any raw query string value. */
  after?: number | string;
  inboxId?: string;
  headers?: Record<string, string>;
  origin?: string;
}

const open = new Set<TestSocket>();

export function realtimeUrl(
  baseUrl: string,
  options: Pick<ConnectOptions, 'after' | 'inboxId'> = {},
): string {
  const url = new URL('/api/v1/realtime', baseUrl.replace(/^http/, 'ws'));
  if (options.after !== undefined) url.searchParams.set('after', String(options.after));
  if (options.inboxId !== undefined) url.searchParams.set('inboxId', options.inboxId);
  return url.toString();
}

function createSocket(baseUrl: string, options: ConnectOptions): WebSocket {
  return new WebSocket(realtimeUrl(baseUrl, options), {
    headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...options.headers },
    ...(options.origin !== undefined && { origin: options.origin }),
    handshakeTimeout: 5000,
  });
}

export class TestSocket {
  readonly frames: Frame[] = [];
  private read = 0;
  private notify: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame);
      this.notify?.();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        open.delete(this);
        this.notify?.();
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static connect(baseUrl: string, options: ConnectOptions = {}): Promise<TestSocket> {
    const socket = createSocket(baseUrl, options);
    const client = new TestSocket(socket);
    open.add(client);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (request, response) => {
        request.destroy();
        open.delete(client);
        reject(new UpgradeRefused(response.statusCode ?? 0));
      });
      socket.once('error', (error) => reject(error));
    });
  }

  /** The next unread frame. */
  async next(timeoutMs = 5000): Promise<Frame> {
    const [frame] = await this.take(1, timeoutMs);
    return frame!;
  }

  /** The next n unread frames. */
  async take(n: number, timeoutMs = 5000): Promise<Frame[]> {
    await this.waitUntil(() => this.frames.length - this.read >= n, timeoutMs, `${n} frame(s)`);
    const frames = this.frames.slice(this.read, this.read + n);
    this.read += n;
    return frames;
  }

  /** Unread frames up to and including the first one for which done(frames so far) holds. */
  async takeUntil(done: (frames: Frame[]) => boolean, timeoutMs = 5000): Promise<Frame[]> {
    let end = -1;
    await this.waitUntil(
      () => {
        for (let i = this.read; i < this.frames.length; i++) {
          if (done(this.frames.slice(this.read, i + 1))) {
            end = i + 1;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
      'the expected frames',
    );
    const frames = this.frames.slice(this.read, end);
    this.read = end;
    return frames;
  }

  /** Waits, then returns the frames that arrived unread meanwhile (expect them to be none). */
  async unreadAfter(ms: number): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const frames = this.frames.slice(this.read);
    this.read = this.frames.length;
    return frames;
  }

  private waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.notify = undefined;
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; unread: ${JSON.stringify(
              this.frames.slice(this.read).map((f) => [f.type, f.cursor]),
            )}`,
          ),
        );
      }, timeoutMs);
      this.notify = () => {
        if (check()) {
          clearTimeout(timer);
          this.notify = undefined;
          resolve();
        } else if (this.socket.readyState === WebSocket.CLOSED) {
          clearTimeout(timer);
          this.notify = undefined;
          reject(new Error(`socket closed while waiting for ${what}`));
        }
      };
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    const timer = setTimeout(() => this.socket.terminate(), 1000);
    await this.closed;
    clearTimeout(timer);
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status the gateway answers an upgrade with (101 when it is accepted; the socket is closed again). */
export async function upgradeStatus(baseUrl: string, options: ConnectOptions = {}): Promise<number> {
  try {
    const socket = await TestSocket.connect(baseUrl, options);
    await socket.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}

/** Closes every socket still open (afterEach). */
export async function closeAllSockets(): Promise<void> {
  await Promise.all([...open].map((socket) => socket.close()));
}
