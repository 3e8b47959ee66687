/**
 * The realtime gateway: agents hold a WebSocket on /api/v1/realtime and receive every event they may
 * see, one JSON frame each, with the account's cursor. The database is the truth; the socket is the
 * fast path. A client reconnecting with ?after=<cursor> first receives what it missed from the
 * database, then live events, with no gap and no repeat, because every client tracks the last
 * cursor it was given and anything out of sequence is re-read from the database.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  canReceive,
  canSee,
  type Actor,
  type DomainEvent,
  type EphemeralSignal,
  type Repositories,
} from '@sofortdesk/domain';
import type { BusSignal, EventBus } from '@sofortdesk/bus';

export const REALTIME_PATH = '/api/v1/realtime';
const REPLAY_PAGE = 500;
/** A client this far behind is dropped; it reconnects with its cursor and reads the rest from the database. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface GatewayDeps {
  bus: EventBus;
  /** Read access to events and inboxes (outside transactions). */
  repos: Pick<Repositories, 'events' | 'inboxes'>;
  authenticate: (request: IncomingMessage) => Promise<Actor | undefined>;
  /** Turns an event into the frame's JSON object (the HTTP presenters). */
  present: (event: DomainEvent) => unknown;
  /** Turns an ephemeral signal (typing) into a frame; without it such signals are not sent. */
  presentEphemeral?: (signal: EphemeralSignal) => unknown;
  onConnectionsChanged?: (count: number) => void;
  onFramesSent?: (count: number) => void;
  onError?: (error: unknown) => void;
}

interface Client {
  socket: WebSocket;
  actor: Actor;
  /** Only events of this inbox, when the client asked for one. */
  inboxId: string | undefined;
  /** The last cursor this client has been brought up to (sent or filtered out). */
  cursor: number;
  /** While reading from the database, live events are not sent but remembered here... */
  catchingUp: boolean;
  /** ...as the highest cursor signalled meanwhile, so the read goes on until it has reached it. */
  signalledWhileCatchingUp: number;
  alive: boolean;
}

function rejectUpgrade(socket: Duplex, status: number, title: string): void {
  const body = JSON.stringify({ type: 'about:blank', title, status });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class RealtimeGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly accounts = new Map<string, Set<Client>>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private connections = 0;

  constructor(private readonly deps: GatewayDeps) {
    this.unsubscribe = deps.bus.onSignal((signal) => this.onSignal(signal));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Hand the HTTP server's 'upgrade' events for REALTIME_PATH to this. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const afterParam = url.searchParams.get('after');
      const inboxId = url.searchParams.get('inboxId') ?? undefined;
      if (afterParam !== null && !/^\d{1,15}$/.test(afterParam)) {
        return rejectUpgrade(socket, 400, 'after must be a cursor (a non-negative integer)');
      }
      const actor = await this.deps.authenticate(request);
      if (!actor) return rejectUpgrade(socket, 401, 'Authentication required');
      if (actor.role === 'partner') return rejectUpgrade(socket, 404, 'No realtime stream for partners');
      if (inboxId !== undefined) {
        // PostgreSQL cannot compare text with NUL; no inbox id has control characters anyway.
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        if (/[\u0000-\u001F\u007F]/.test(inboxId)) return rejectUpgrade(socket, 404, 'Inbox not found');
        const inbox = await this.deps.repos.inboxes.get(actor.accountId, inboxId);
        if (!inbox || !canSee(actor, { accountId: inbox.accountId, inboxId: inbox.id })) {
          return rejectUpgrade(socket, 404, 'Inbox not found');
        }
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.accept(ws, actor, inboxId, afterParam === null ? undefined : Number(afterParam));
      });
    } catch (error) {
      this.deps.onError?.(error);
      rejectUpgrade(socket, 500, 'Realtime is unavailable');
    }
  }

  private accept(
    socket: WebSocket,
    actor: Actor,
    inboxId: string | undefined,
    after: number | undefined,
  ): void {
    // Subscribe before reading the database: whatever commits meanwhile is caught by the cursor check.
    const client: Client = {
      socket,
      actor,
      inboxId,
      cursor: after ?? -1,
      catchingUp: true,
      signalledWhileCatchingUp: -1,
      alive: true,
    };
    let clients = this.accounts.get(actor.accountId);
    if (!clients) this.accounts.set(actor.accountId, (clients = new Set()));
    clients.add(client);
    this.deps.onConnectionsChanged?.(++this.connections);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', () => undefined); // clients have nothing to say yet; frames are ignored
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clients.delete(client);
      if (clients.size === 0) this.accounts.delete(actor.accountId);
      this.deps.onConnectionsChanged?.(--this.connections);
    });
    void this.startClient(client, after);
  }

  private async startClient(client: Client, after: number | undefined): Promise<void> {
    try {
      // Without a cursor the client starts from now; events committed while we looked are caught up.
      const latest = await this.deps.repos.events.latestCursor(client.actor.accountId);
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
      this.deps.onError?.(error);
      client.socket.close(1011, 'replay failed');
    }
  }

  /** Reads everything after the client's cursor from the database and sends what it may see. */
  private async catchUp(client: Client): Promise<void> {
    client.catchingUp = true;
    try {
      for (;;) {
        const events = await this.deps.repos.events.listAfter(
          client.actor.accountId,
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
    // One serialisation and one UTF-8 encoding per event, however many sockets receive it.
    let frame: Buffer | undefined;
    let sent = 0;
    for (const client of clients) {
      if (signal.event.cursor <= client.cursor) continue;
      if (client.catchingUp || signal.event.cursor > client.cursor + 1) {
        this.resync(client, signal.event.cursor);
        continue;
      }
      frame ??= Buffer.from(JSON.stringify(this.deps.present(signal.event)));
      if (this.deliver(client, signal.event, frame)) sent++;
    }
    if (sent > 0) this.deps.onFramesSent?.(sent);
  }

  /** Typing and the like: no cursor, never stored; sent to every client that may see the inbox. */
  private onEphemeral(signal: EphemeralSignal): void {
    const clients = this.accounts.get(signal.accountId);
    if (!clients || !this.deps.presentEphemeral) return;
    const frame = JSON.stringify(this.deps.presentEphemeral(signal));
    for (const client of clients) {
      if (client.inboxId !== undefined && client.inboxId !== signal.inboxId) continue;
      if (canSee(client.actor, { accountId: signal.accountId, inboxId: signal.inboxId })) {
        this.sendRaw(client, frame);
      }
    }
  }

  private resync(client: Client, upTo: number): void {
    client.signalledWhileCatchingUp = Math.max(client.signalledWhileCatchingUp, upTo);
    if (client.catchingUp) return;
    this.catchUp(client).catch((error: unknown) => {
      this.deps.onError?.(error);
      client.socket.close(1011, 'resync failed');
    });
  }

  /** Advances the client's cursor and sends the event if the client may see it. */
  private deliver(client: Client, event: DomainEvent, frame: Buffer | undefined): boolean {
    client.cursor = event.cursor;
    if (!canReceive(client.actor, event)) return false;
    if (client.inboxId !== undefined && event.inboxId !== client.inboxId) return false;
    return this.sendRaw(client, frame ?? JSON.stringify(this.deps.present(event)));
  }

  private sendRaw(client: Client, frame: string | Buffer): boolean {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
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
