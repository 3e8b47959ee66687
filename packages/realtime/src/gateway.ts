/**
 * The realtime gateway: agents hold a WebSocket on /api/v1/realtime and receive every event they may
 * see, one JSON frame each, with the account's cursor. The database is the truth; the socket is the
 * fast path. A client reconnecting with ?after=<cursor> first receives what it missed from the
 * database, then live events, with no gap and no repeat, because every client tracks the last
 * cursor it was given and anything out of sequence is re-read from the database (CursorStream).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  canReceive,
  canSee,
  type Actor,
  type DomainEvent,
  type EphemeralSignal,
  type Repositories,
  type ViewingSignal,
  PRESENCE_HEARTBEAT_MS,
} from '@sofortdesk/domain';
import type { EventBus } from '@sofortdesk/bus';
import { CursorStream, rejectUpgrade, type StreamClient } from './cursor-stream.ts';

export const REALTIME_PATH = '/api/v1/realtime';
/** A client this far behind is dropped; it reconnects with its cursor and reads the rest from the database. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/**
 * How often an open conversation's presence is said again. Other processes and late listeners learn
 * of it this way, and a presence whose process died without saying goodbye expires on the clients
 * after PRESENCE_TTL_MS (the agent app uses the same figure).
 */
export const PRESENCE_REPEAT_MS = 20_000;
export const PRESENCE_TTL_MS = 50_000;

export interface GatewayDeps {
  bus: EventBus;
  /** Read access to events, inboxes and conversations (outside transactions). */
  repos: Pick<Repositories, 'events' | 'inboxes' | 'conversations'>;
  authenticate: (request: IncomingMessage) => Promise<Actor | undefined>;
  /** Turns an event into the frame's JSON object (the HTTP presenters). */
  present: (event: DomainEvent) => unknown;
  /** Turns an ephemeral signal (typing) into a frame; without it such signals are not sent. */
  presentEphemeral?: (signal: EphemeralSignal) => unknown;
  onConnectionsChanged?: (count: number) => void;
  /**
   * An agent's workspace is connected (on connect, then every PRESENCE_HEARTBEAT_MS per agent):
   * automatic assignment counts an "online" agent only while these keep coming (domain/assignment.ts).
   */
  onAgentSeen?: (actor: Actor) => void;
  onFramesSent?: (count: number) => void;
  onError?: (error: unknown) => void;
}

interface Agent {
  actor: Actor;
  /** Only events of this inbox, when the client asked for one. */
  inboxId: string | undefined;
  /** This socket's id in presence signals (an agent may have several tabs open). */
  viewerId: string;
  /** The conversation this socket has open, as the client last said ({"type":"viewing"} frames). */
  viewing: { conversationId: string; inboxId: string } | undefined;
}

/** The one frame agents send: which conversation they have open now (null: none). */
function parseViewingFrame(data: unknown): { conversationId: string | null } | undefined {
  if (typeof data !== 'string' && !Buffer.isBuffer(data)) return undefined;
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null) return undefined;
  const { type, conversationId } = frame as { type?: unknown; conversationId?: unknown };
  if (type !== 'viewing') return undefined;
  if (conversationId === null) return { conversationId: null };
  if (typeof conversationId !== 'string' || conversationId.length > 64) return undefined;
  // eslint-disable-next-line no-control-regex -- PostgreSQL cannot compare text holding NUL
  if (/[\u0000-\u001F\u007F]/.test(conversationId)) return undefined;
  return { conversationId };
}

/** Hand the HTTP server's 'upgrade' events for REALTIME_PATH to handleUpgrade. */
export class RealtimeGateway extends CursorStream<Agent> {
  constructor(private readonly deps: GatewayDeps) {
    super(deps, { wss: { maxPayload: 64 * 1024 }, maxBufferedBytes: MAX_BUFFERED_BYTES });
  }

  protected override async admit(
    request: IncomingMessage,
    url: URL,
    socket: Duplex,
  ): Promise<(Agent & { accountId: string }) | undefined> {
    const inboxId = url.searchParams.get('inboxId') ?? undefined;
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
    return { accountId: actor.accountId, actor, inboxId, viewerId: randomUUID(), viewing: undefined };
  }

  /**
   * Presence: the client says which conversation it has open; the gateway tells the other agents
   * (over the bus, so every process hears it), repeats it while it stays open, and says goodbye when
   * the socket goes away. A conversation the agent may not see is ignored like a wrong frame.
   */
  protected override opened(client: StreamClient<Agent>): () => void {
    // Frames are handled one after another, so a slow lookup cannot reorder "open A" and "open B".
    let queue = Promise.resolve();
    client.socket.on('message', (data: unknown) => {
      const frame = parseViewingFrame(data);
      if (!frame) return;
      queue = queue
        .then(() => this.view(client, frame.conversationId))
        .catch((error: unknown) => this.deps.onError?.(error));
    });
    const repeat = setInterval(() => this.announce(client, true, false), PRESENCE_REPEAT_MS);
    repeat.unref();
    this.agentSeen(client.actor);
    const beat = setInterval(() => this.agentSeen(client.actor), PRESENCE_HEARTBEAT_MS);
    beat.unref();
    return () => {
      clearInterval(repeat);
      clearInterval(beat);
      this.announce(client, false, false);
      client.viewing = undefined;
    };
  }

  /** At most one heartbeat per agent and interval, however many tabs they have open. */
  private readonly lastBeat = new Map<string, number>();

  private agentSeen(actor: Actor): void {
    if (!this.deps.onAgentSeen) return;
    const key = `${actor.accountId}:${actor.userId}`;
    const now = Date.now();
    // A little slack, so a tab's own timer is not skipped for being a few milliseconds early.
    if (now - (this.lastBeat.get(key) ?? 0) < PRESENCE_HEARTBEAT_MS - 1_000) return;
    this.lastBeat.set(key, now);
    this.deps.onAgentSeen(actor);
  }

  private async view(client: StreamClient<Agent>, conversationId: string | null): Promise<void> {
    if (conversationId === client.viewing?.conversationId) return;
    let next: Agent['viewing'];
    if (conversationId !== null) {
      const conversation = await this.deps.repos.conversations.get(client.accountId, conversationId);
      if (!conversation || !canSee(client.actor, conversation)) return;
      next = { conversationId: conversation.id, inboxId: conversation.inboxId };
    }
    if (client.socket.readyState !== client.socket.OPEN) return;
    this.announce(client, false, false);
    client.viewing = next;
    this.announce(client, true, true);
  }

  /** Publishes this socket's presence in the conversation it has open, if any. */
  private announce(client: StreamClient<Agent>, viewing: boolean, joined: boolean): void {
    if (!client.viewing) return;
    const signal: ViewingSignal = {
      type: 'viewing',
      accountId: client.accountId,
      inboxId: client.viewing.inboxId,
      conversationId: client.viewing.conversationId,
      data: { authorType: 'user', authorId: client.actor.userId, viewerId: client.viewerId, viewing, joined },
    };
    this.deps.bus.publishEphemeral(signal);
  }

  /** Every event the agent may see, of the one inbox when they asked for one. */
  protected override receives(client: StreamClient<Agent>, event: DomainEvent): boolean {
    if (!canReceive(client.actor, event)) return false;
    return client.inboxId === undefined || event.inboxId === client.inboxId;
  }

  protected override frameOf(event: DomainEvent): string {
    return JSON.stringify(this.deps.present(event));
  }

  /**
   * Typing and presence: no cursor, never stored; sent to every client that may see the inbox, but
   * never back to the socket it came from. Whoever has the same conversation open answers a newcomer
   * with their own presence.
   */
  protected override onEphemeral(signal: EphemeralSignal): void {
    const clients = this.clientsOf(signal.accountId);
    if (!clients || !this.deps.presentEphemeral) return;
    const frame = JSON.stringify(this.deps.presentEphemeral(signal));
    const viewing = signal.type === 'viewing' ? signal.data : undefined;
    for (const client of clients) {
      if (client.inboxId !== undefined && client.inboxId !== signal.inboxId) continue;
      if (!canSee(client.actor, { accountId: signal.accountId, inboxId: signal.inboxId })) continue;
      if (viewing?.viewerId === client.viewerId) continue;
      this.sendRaw(client, frame);
      if (viewing?.joined && client.viewing?.conversationId === signal.conversationId) {
        this.announce(client, true, false);
      }
    }
  }
}
