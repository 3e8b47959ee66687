/**
 * The widget's realtime stream: a visitor holds a WebSocket on /api/v1/widget/realtime with their
 * visitor token (?token= or the subprotocol pair "sofortdesk-visitor", "<token>") and receives the
 * events of their own conversations in the web chat inbox: messages of kind text, status changes,
 * and agents typing. Never notes, never anything of another visitor. The Origin of a browser must be
 * one the inbox allows. Cursors and replay (?after=) work as on the agents' gateway: the database is
 * the truth, and anything out of sequence is re-read from it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DomainEvent, EphemeralSignal, Repositories, VisitorSession } from '@sofortdesk/domain';
import type { BusSignal, EventBus } from '@sofortdesk/bus';

export const WIDGET_REALTIME_PATH = '/api/v1/widget/realtime';
export const VISITOR_SUBPROTOCOL = 'sofortdesk-visitor';
const REPLAY_PAGE = 500;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/** Timers beyond this overflow (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface VisitorGatewayDeps {
  bus: EventBus;
  repos: Pick<Repositories, 'events' | 'inboxes' | 'conversations'>;
  /** The session of a visitor token, or undefined when it is not valid. */
  authenticate: (token: string) => Promise<VisitorSession | undefined>;
  /** The frame of an event for a visitor, or undefined for what visitors never see (notes). */
  present: (event: DomainEvent) => unknown;
  presentEphemeral: (signal: EphemeralSignal) => unknown;
  onConnectionsChanged?: (count: number) => void;
  onError?: (error: unknown) => void;
}

interface VisitorClient {
  socket: WebSocket;
  session: VisitorSession;
  /** The visitor's conversations in the inbox: what they may hear about. Grows with conversation.created. */
  conversationIds: Set<string>;
  cursor: number;
  catchingUp: boolean;
  signalledWhileCatchingUp: number;
  alive: boolean;
}

function rejectUpgrade(socket: Duplex, status: number, title: string): void {
  const body = JSON.stringify({ type: 'about:blank', title, status });
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The visitor token from ?token= or from the subprotocols ["sofortdesk-visitor", token]. */
function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const index = protocols.indexOf(VISITOR_SUBPROTOCOL);
  return index >= 0 ? protocols[index + 1] : undefined;
}

export class VisitorGateway {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4 * 1024,
    // A token sent as subprotocol is not echoed back: only the protocol's name is.
    handleProtocols: (protocols) => (protocols.has(VISITOR_SUBPROTOCOL) ? VISITOR_SUBPROTOCOL : false),
  });
  private readonly accounts = new Map<string, Set<VisitorClient>>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private connections = 0;

  constructor(private readonly deps: VisitorGatewayDeps) {
    this.unsubscribe = deps.bus.onSignal((signal) => this.onSignal(signal));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Hand the HTTP server's 'upgrade' events for WIDGET_REALTIME_PATH to this. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const afterParam = url.searchParams.get('after');
      if (afterParam !== null && !/^\d{1,15}$/.test(afterParam)) {
        return rejectUpgrade(socket, 400, 'after must be a cursor (a non-negative integer)');
      }
      const token = tokenOf(request, url);
      // eslint-disable-next-line no-control-regex -- no token of ours has control characters
      const wellFormed = token !== undefined && !/[\u0000-\u001F\u007F]/.test(token);
      const session = wellFormed ? await this.deps.authenticate(token) : undefined;
      if (!session) return rejectUpgrade(socket, 401, 'The visitor token is not valid');
      // Browsers always send Origin; it must be a site the inbox allows. (Other clients can claim any
      // Origin, so its absence is no danger: there is no cookie to ride along, only the token.)
      const origin = request.headers.origin;
      if (origin !== undefined) {
        const inbox = await this.deps.repos.inboxes.findWebchat(session.inboxId);
        if (!inbox?.webchat?.allowedOrigins.includes(origin.toLowerCase())) {
          return rejectUpgrade(socket, 403, 'This site may not use this chat widget');
        }
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.accept(ws, session, afterParam === null ? undefined : Number(afterParam));
      });
    } catch (error) {
      this.deps.onError?.(error);
      rejectUpgrade(socket, 500, 'Realtime is unavailable');
    }
  }

  private accept(socket: WebSocket, session: VisitorSession, after: number | undefined): void {
    const client: VisitorClient = {
      socket,
      session,
      conversationIds: new Set(),
      cursor: after ?? -1,
      catchingUp: true,
      signalledWhileCatchingUp: -1,
      alive: true,
    };
    let clients = this.accounts.get(session.accountId);
    if (!clients) this.accounts.set(session.accountId, (clients = new Set()));
    clients.add(client);
    this.deps.onConnectionsChanged?.(++this.connections);
    // A verified session ends with its identity token; so does its stream.
    const expiry = setTimeout(
      () => socket.close(4001, 'session expired'),
      Math.min(Math.max(Date.parse(session.expiresAt) - Date.now(), 0), MAX_TIMER_MS),
    );
    expiry.unref();
    socket.on('pong', () => (client.alive = true));
    socket.on('message', () => undefined); // typing goes over HTTP; frames from visitors are ignored
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(expiry);
      clients.delete(client);
      if (clients.size === 0) this.accounts.delete(session.accountId);
      this.deps.onConnectionsChanged?.(--this.connections);
    });
    void this.startClient(client, after);
  }

  private async startClient(client: VisitorClient, after: number | undefined): Promise<void> {
    const { accountId, inboxId, contactId } = client.session;
    try {
      // The cursor first, then the conversations: one made in between is in the replay.
      const latest = await this.deps.repos.events.latestCursor(accountId);
      let cursor: string | undefined;
      do {
        const page = await this.deps.repos.conversations.list(accountId, {
          contactId,
          inboxId,
          limit: 200,
          cursor,
        });
        for (const conversation of page.items) client.conversationIds.add(conversation.id);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const reset = after !== undefined && after > latest;
      if (after === undefined || reset) client.cursor = latest;
      await this.catchUp(client);
      this.send(
        client,
        JSON.stringify({ type: 'ready', cursor: client.cursor, ...(reset && { reset: true }) }),
      );
    } catch (error) {
      this.deps.onError?.(error);
      client.socket.close(1011, 'replay failed');
    }
  }

  private async catchUp(client: VisitorClient): Promise<void> {
    client.catchingUp = true;
    try {
      for (;;) {
        const events = await this.deps.repos.events.listAfter(
          client.session.accountId,
          client.cursor,
          REPLAY_PAGE,
        );
        for (const event of events) this.deliver(client, event, undefined);
        if (client.socket.readyState !== client.socket.OPEN) break;
        if (events.length < REPLAY_PAGE && client.signalledWhileCatchingUp <= client.cursor) break;
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
    const frames = new Map<DomainEvent, string | undefined>();
    for (const client of clients) {
      if (signal.event.cursor <= client.cursor) continue;
      if (client.catchingUp || signal.event.cursor > client.cursor + 1) {
        this.resync(client, signal.event.cursor);
        continue;
      }
      this.deliver(client, signal.event, frames);
    }
  }

  /** Agents typing in one of the visitor's conversations; the visitor's own typing is not echoed. */
  private onEphemeral(signal: EphemeralSignal): void {
    const clients = this.accounts.get(signal.accountId);
    if (!clients || signal.data?.authorType !== 'user') return;
    let frame: string | undefined;
    for (const client of clients) {
      if (client.session.inboxId !== signal.inboxId) continue;
      if (!client.conversationIds.has(signal.conversationId)) continue;
      frame ??= JSON.stringify(this.deps.presentEphemeral(signal));
      this.send(client, frame);
    }
  }

  private resync(client: VisitorClient, upTo: number): void {
    client.signalledWhileCatchingUp = Math.max(client.signalledWhileCatchingUp, upTo);
    if (client.catchingUp) return;
    this.catchUp(client).catch((error: unknown) => {
      this.deps.onError?.(error);
      client.socket.close(1011, 'resync failed');
    });
  }

  /**
   * Advances the client's cursor, follows their conversations, and sends the event when it is about
   * one of them and visitors may see it at all. `frames` shares one serialisation among clients.
   */
  private deliver(
    client: VisitorClient,
    event: DomainEvent,
    frames: Map<DomainEvent, string | undefined> | undefined,
  ): void {
    client.cursor = event.cursor;
    const { session } = client;
    if (event.type === 'contact.merged') {
      // Merged away, or an anonymous visitor given someone's history: the session has ended.
      if (
        event.data.mergedContactId === session.contactId ||
        (event.data.contact.id === session.contactId && !session.verified)
      ) {
        client.socket.close(4001, 'session ended');
      } else if (event.data.contact.id === session.contactId) {
        for (const id of event.data.movedConversationIds) client.conversationIds.add(id);
      }
      return;
    }
    if (event.inboxId !== session.inboxId || event.conversationId === null) return;
    if (event.type === 'conversation.created' && event.data.conversation.contactId === session.contactId) {
      client.conversationIds.add(event.conversationId);
    }
    if (!client.conversationIds.has(event.conversationId)) return;
    let frame = frames?.get(event);
    if (frame === undefined && !frames?.has(event)) {
      const presented = this.deps.present(event);
      frame = presented === undefined ? undefined : JSON.stringify(presented);
      frames?.set(event, frame);
    }
    if (frame !== undefined) this.send(client, frame);
  }

  private send(client: VisitorClient, frame: string): void {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'too slow; reconnect with ?after=<last cursor>');
      return;
    }
    socket.send(frame);
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
