/**
 * What the agents' and the visitors' gateways share: a WebSocket stream of an account's events with
 * cursors. The database is the truth; the socket is the fast path. Every client tracks the last
 * cursor it was brought up to; a client reconnecting with ?after=<cursor> first receives what it
 * missed from the database, then live events, with no gap and no repeat, because anything out of
 * sequence is re-read from the database. The ordering rules live here, once; a gateway only says who
 * may connect (admit), what a client receives (receives, frameOf) and how ephemeral signals go out.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { DomainEvent, EphemeralSignal, Repositories } from '@sofortdesk/domain';
import type { BusSignal, EventBus } from '@sofortdesk/bus';

const REPLAY_PAGE = 500;
const HEARTBEAT_MS = 30_000;

/** What the stream needs of a gateway's deps (both gateways' deps have this shape). */
export interface CursorStreamDeps {
  bus: EventBus;
  /** Read access to events (outside transactions). */
  repos: Pick<Repositories, 'events'>;
  onConnectionsChanged?: (count: number) => void;
  /** Frames of live events sent, counted per signal (replayed events and other frames are not). */
  onFramesSent?: (count: number) => void;
  onError?: (error: unknown) => void;
}

export interface CursorStreamOptions {
  /** The WebSocketServer's options; it always runs with noServer. */
  wss: Omit<ServerOptions, 'noServer'>;
  /** A client this far behind is dropped; it reconnects with its cursor and reads the rest from the database. */
  maxBufferedBytes: number;
}

/** A connected client: the stream's bookkeeping plus what its gateway admitted it with (P). */
export type StreamClient<P> = P & {
  socket: WebSocket;
  accountId: string;
  /** The last cursor this client has been brought up to (sent or filtered out). */
  cursor: number;
  /** While reading from the database, live events are not sent but remembered here... */
  catchingUp: boolean;
  /** ...as the highest cursor signalled meanwhile, so the read goes on until it has reached it. */
  signalledWhileCatchingUp: number;
  alive: boolean;
};

/** Answers an upgrade request with a problem+json error; answers undefined, for `return rejectUpgrade(...)`. */
export function rejectUpgrade(socket: Duplex, status: number, title: string): undefined {
  const body = JSON.stringify({ type: 'about:blank', title, status });
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return undefined;
}

export abstract class CursorStream<P> {
  private readonly wss: WebSocketServer;
  private readonly accounts = new Map<string, Set<StreamClient<P>>>();
  private readonly maxBufferedBytes: number;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private connections = 0;

  constructor(
    private readonly streamDeps: CursorStreamDeps,
    options: CursorStreamOptions,
  ) {
    this.wss = new WebSocketServer({ ...options.wss, noServer: true });
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.unsubscribe = streamDeps.bus.onSignal((signal) => this.onSignal(signal));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Checks the upgrade request (credentials, Origin, parameters) and answers what the client is
   * admitted with, or rejects the upgrade (rejectUpgrade) and answers undefined. `after` has been
   * checked already.
   */
  protected abstract admit(
    request: IncomingMessage,
    url: URL,
    socket: Duplex,
  ): Promise<(P & { accountId: string }) | undefined>;

  /**
   * Whether the client receives the event; called for every event after the client's cursor, in
   * order, live and on replay (so it may also keep the client's own bookkeeping up to date).
   */
  protected abstract receives(client: StreamClient<P>, event: DomainEvent): boolean;

  /** The event's frame as JSON text, or undefined when it has none (the client gets nothing). */
  protected abstract frameOf(event: DomainEvent): string | undefined;

  /** Typing and the like: no cursor, never stored; the gateway decides who hears of it. */
  protected abstract onEphemeral(signal: EphemeralSignal): void;

  /** Called once a client has connected; what it answers is called when the client disconnects. */
  protected opened(_client: StreamClient<P>): (() => void) | void {}

  /** Loads what the client needs before its replay, after the stream's end has been read. */
  protected prepare(_client: StreamClient<P>): Promise<void> | void {}

  /** Hand the HTTP server's 'upgrade' events for the gateway's path to this. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const afterParam = url.searchParams.get('after');
      if (afterParam !== null && !/^\d{1,15}$/.test(afterParam)) {
        return rejectUpgrade(socket, 400, 'after must be a cursor (a non-negative integer)');
      }
      const admitted = await this.admit(request, url, socket);
      if (!admitted) return;
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.accept(ws, admitted, afterParam === null ? undefined : Number(afterParam));
      });
    } catch (error) {
      this.streamDeps.onError?.(error);
      rejectUpgrade(socket, 500, 'Realtime is unavailable');
    }
  }

  private accept(socket: WebSocket, admitted: P & { accountId: string }, after: number | undefined): void {
    // Subscribe before reading the database: whatever commits meanwhile is caught by the cursor check.
    const client: StreamClient<P> = {
      ...admitted,
      socket,
      cursor: after ?? -1,
      catchingUp: true,
      signalledWhileCatchingUp: -1,
      alive: true,
    };
    const { accountId } = admitted;
    let clients = this.accounts.get(accountId);
    if (!clients) this.accounts.set(accountId, (clients = new Set()));
    clients.add(client);
    this.streamDeps.onConnectionsChanged?.(++this.connections);
    const closed = this.opened(client);
    socket.on('pong', () => (client.alive = true));
    // Clients have nothing to say over the socket (visitors type over HTTP); frames are ignored.
    socket.on('message', () => undefined);
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      closed?.();
      clients.delete(client);
      if (clients.size === 0) this.accounts.delete(accountId);
      this.streamDeps.onConnectionsChanged?.(--this.connections);
    });
    void this.startClient(client, after);
  }

  private async startClient(client: StreamClient<P>, after: number | undefined): Promise<void> {
    try {
      // Without a cursor the client starts from now; events committed while we looked are caught up.
      const latest = await this.streamDeps.repos.events.latestCursor(client.accountId);
      // Awaited only when there is something to wait for, so a gateway without it loses no tick.
      const preparing = this.prepare(client);
      if (preparing) await preparing;
      // A cursor beyond the stream's end (another account's, or from before a restore) would silently
      // swallow the next events; start such a client from now and tell it so.
      const reset = after !== undefined && after > latest;
      if (after === undefined || reset) client.cursor = latest;
      await this.catchUp(client);
      // Tells the client where it stands, so it can resume from here after a disconnect.
      this.sendRaw(
        client,
        JSON.stringify({ type: 'ready', cursor: client.cursor, ...(reset && { reset: true }) }),
      );
    } catch (error) {
      this.streamDeps.onError?.(error);
      client.socket.close(1011, 'replay failed');
    }
  }

  /** Reads everything after the client's cursor from the database and sends what it receives. */
  private async catchUp(client: StreamClient<P>): Promise<void> {
    client.catchingUp = true;
    try {
      for (;;) {
        const events = await this.streamDeps.repos.events.listAfter(
          client.accountId,
          client.cursor,
          REPLAY_PAGE,
        );
        for (const event of events) this.deliver(client, event, undefined);
        if (client.socket.readyState !== client.socket.OPEN) break;
        if (events.length < REPLAY_PAGE && client.signalledWhileCatchingUp <= client.cursor) break;
        // An event signalled during the read may have committed after it: read once more.
        if (events.length === 0) client.signalledWhileCatchingUp = -1;
      }
    } finally {
      client.catchingUp = false;
    }
  }

  private onSignal(signal: BusSignal): void {
    if (signal.kind === 'resync') {
      for (const clients of this.accounts.values())
        for (const client of clients) this.resync(client, Infinity);
      return;
    }
    if (signal.kind === 'ephemeral') return this.onEphemeral(signal.signal);
    const accountId = signal.kind === 'event' ? signal.event.accountId : signal.accountId;
    const clients = this.accounts.get(accountId);
    if (!clients) return;
    if (signal.kind === 'pointer') {
      for (const client of clients) if (client.cursor < signal.cursor) this.resync(client, signal.cursor);
      return;
    }
    const { event } = signal;
    // One serialisation and one UTF-8 encoding per event, however many sockets receive it; made on
    // first use (null: the event has no frame).
    let frame: Buffer | null | undefined;
    const shared = (): Buffer | undefined => {
      if (frame === undefined) {
        const text = this.frameOf(event);
        frame = text === undefined ? null : Buffer.from(text);
      }
      return frame ?? undefined;
    };
    let sent = 0;
    for (const client of clients) {
      if (event.cursor <= client.cursor) continue;
      if (client.catchingUp || event.cursor > client.cursor + 1) {
        this.resync(client, event.cursor);
        continue;
      }
      if (this.deliver(client, event, shared)) sent++;
    }
    if (sent > 0) this.streamDeps.onFramesSent?.(sent);
  }

  private resync(client: StreamClient<P>, upTo: number): void {
    client.signalledWhileCatchingUp = Math.max(client.signalledWhileCatchingUp, upTo);
    if (client.catchingUp) return;
    this.catchUp(client).catch((error: unknown) => {
      this.streamDeps.onError?.(error);
      client.socket.close(1011, 'resync failed');
    });
  }

  /**
   * Advances the client's cursor and sends the event if the client receives it. `shared` gives the
   * frame shared among the clients of one signal; without it (replay) the frame is made here.
   */
  private deliver(
    client: StreamClient<P>,
    event: DomainEvent,
    shared: (() => Buffer | undefined) | undefined,
  ): boolean {
    client.cursor = event.cursor;
    if (!this.receives(client, event)) return false;
    const frame = shared ? shared() : this.frameOf(event);
    return frame !== undefined && this.sendRaw(client, frame);
  }

  /** The clients connected for an account, if any. */
  protected clientsOf(accountId: string): ReadonlySet<StreamClient<P>> | undefined {
    return this.accounts.get(accountId);
  }

  /** Sends a frame unless the socket is gone; a client too far behind is dropped instead. */
  protected sendRaw(client: StreamClient<P>, frame: string | Buffer): boolean {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      socket.close(1013, 'too slow; reconnect with ?after=<last cursor>');
      return false;
    }
    // A Buffer sent as text skips ws's per-socket string encoding.
    socket.send(frame, { binary: false });
    return true;
  }

  private beat(): void {
    for (const clients of this.accounts.values()) {
      for (const client of clients) {
        if (!client.alive) {
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }
  }

  get connectionCount(): number {
    return this.connections;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
