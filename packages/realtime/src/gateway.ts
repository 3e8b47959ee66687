/**
 * The realtime gateway: agents hold a WebSocket on /api/v1/realtime and receive every event they may
 * see, one JSON frame each, with the account's cursor. The database is the truth; the socket is the
 * fast path. A client reconnecting with ?after=<cursor> first receives what it missed from the
 * database, then live events, with no gap and no repeat, because every client tracks the last
 * cursor it was given and anything out of sequence is re-read from the database (CursorStream).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  canReceive,
  canSee,
  type Actor,
  type DomainEvent,
  type EphemeralSignal,
  type Repositories,
} from '@sofortdesk/domain';
import type { EventBus } from '@sofortdesk/bus';
import { CursorStream, rejectUpgrade, type StreamClient } from './cursor-stream.ts';

export const REALTIME_PATH = '/api/v1/realtime';
/** A client this far behind is dropped; it reconnects with its cursor and reads the rest from the database. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

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

interface Agent {
  actor: Actor;
  /** Only events of this inbox, when the client asked for one. */
  inboxId: string | undefined;
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
    return { accountId: actor.accountId, actor, inboxId };
  }

  /** Every event the agent may see, of the one inbox when they asked for one. */
  protected override receives(client: StreamClient<Agent>, event: DomainEvent): boolean {
    if (!canReceive(client.actor, event)) return false;
    return client.inboxId === undefined || event.inboxId === client.inboxId;
  }

  protected override frameOf(event: DomainEvent): string {
    return JSON.stringify(this.deps.present(event));
  }

  /** Typing and the like: no cursor, never stored; sent to every client that may see the inbox. */
  protected override onEphemeral(signal: EphemeralSignal): void {
    const clients = this.clientsOf(signal.accountId);
    if (!clients || !this.deps.presentEphemeral) return;
    const frame = JSON.stringify(this.deps.presentEphemeral(signal));
    for (const client of clients) {
      if (client.inboxId !== undefined && client.inboxId !== signal.inboxId) continue;
      if (canSee(client.actor, { accountId: signal.accountId, inboxId: signal.inboxId })) {
        this.sendRaw(client, frame);
      }
    }
  }
}
