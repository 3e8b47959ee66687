/**
 * The realtime stream: one WebSocket on /api/v1/realtime (the session cookie authenticates it). It
 * remembers the last cursor it was given and reconnects after a drop with ?after=<cursor>, so the
 * server replays what happened meanwhile; frames it has seen already are skipped. Reconnects back
 * off exponentially with jitter (0.5 s up to 15 s) and retry at once when the browser comes online.
 */
import type { RealtimeEvent } from './api/types.ts';

export type RealtimeStatus = 'connecting' | 'live' | 'offline';

/** What the stream needs of a WebSocket, so tests can hand in a fake one. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
  send?(data: string): void;
}

/** A frame without a cursor: someone typing, or an agent's presence in a conversation. Never replayed. */
export interface SignalFrame {
  type: 'typing' | 'viewing';
  inboxId: string;
  conversationId: string;
  data: {
    authorType: 'contact' | 'user';
    authorId: string;
    typing?: boolean;
    viewing?: boolean;
    viewerId?: string;
  };
}

export interface RealtimeOptions {
  /** The stream's URL (ws: or wss:), without query. */
  url: string;
  onEvent: (event: RealtimeEvent) => void;
  /** Typing and presence frames (no cursor). */
  onSignal?: (frame: SignalFrame) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /**
   * The stream is (re)established: `fresh` when the client had no cursor or the server could not
   * resume from it (reset), so whatever the client shows must be reloaded.
   */
  onReady?: (info: { cursor: number; fresh: boolean }) => void;
  createSocket?: (url: string) => SocketLike;
  /** For tests: the random source of the jitter and the timer functions. */
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

export class RealtimeStream {
  private socket: SocketLike | undefined;
  private cursor: number | undefined;
  private attempts = 0;
  private timer: unknown;
  private stopped = true;
  /** The conversation this tab has open, told to the server on every (re)connection. */
  private viewing: string | null = null;
  status: RealtimeStatus = 'offline';

  constructor(private readonly options: RealtimeOptions) {}

  get lastCursor(): number | undefined {
    return this.cursor;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'bye');
    this.setStatus('offline');
  }

  /** Tells the other agents which conversation this tab has open (null: none); kept over reconnects. */
  view(conversationId: string | null): void {
    if (conversationId === this.viewing) return;
    this.viewing = conversationId;
    if (this.status === 'live') this.sendViewing();
  }

  private sendViewing(): void {
    this.socket?.send?.(JSON.stringify({ type: 'viewing', conversationId: this.viewing }));
  }

  /** Reconnect now rather than after the back-off (the browser came online, the tab became visible). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clearTimer();
    this.connect();
  }

  /** The URL of the next connection: with ?after= once a cursor is known. */
  nextUrl(): string {
    if (this.cursor === undefined) return this.options.url;
    const url = new URL(this.options.url);
    url.searchParams.set('after', String(this.cursor));
    return url.toString();
  }

  private connect(): void {
    this.setStatus('connecting');
    const hadCursor = this.cursor !== undefined;
    let socket: SocketLike;
    try {
      socket = (this.options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike))(
        this.nextUrl(),
      );
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket !== socket || typeof message.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const { type, cursor } = frame as { type?: unknown; cursor?: unknown };
      if ((type === 'typing' || type === 'viewing') && cursor === undefined) {
        this.options.onSignal?.(frame as SignalFrame);
        return;
      }
      if (typeof cursor !== 'number') return;
      if (type === 'ready') {
        const reset = (frame as { reset?: unknown }).reset === true;
        this.cursor = cursor;
        this.attempts = 0;
        this.setStatus('live');
        // A new socket is a new presence on the server: say again what is open here.
        if (this.viewing !== null) this.sendViewing();
        this.options.onReady?.({ cursor, fresh: !hadCursor || reset });
        return;
      }
      // Replay and live frames may overlap around a reconnect: each cursor counts once.
      if (this.cursor !== undefined && cursor <= this.cursor) return;
      this.cursor = cursor;
      this.options.onEvent(frame as RealtimeEvent);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.stopped) return;
      this.setStatus('offline');
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and reconnects.
    };
  }

  private scheduleReconnect(): void {
    this.clearTimer();
    const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempts);
    this.attempts++;
    // "Equal jitter": never sooner than half the ceiling, so a restarted server is not stampeded.
    const delay = ceiling / 2 + (this.options.random ?? Math.random)() * (ceiling / 2);
    const set = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    (this.options.clearTimer ?? ((handle) => clearTimeout(handle as number)))(this.timer);
    this.timer = undefined;
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }
}
