/**
 * The widget's realtime stream: a visitor holds a WebSocket on /api/v1/widget/realtime with their
 * visitor token (?token= or the subprotocol pair "sofortdesk-visitor", "<token>") and receives the
 * events of their own conversations in the web chat inbox: messages of kind text, status changes,
 * and agents typing. Never notes, never anything of another visitor. The Origin of a browser must be
 * one the inbox allows. Cursors and replay (?after=) work as on the agents' gateway (CursorStream):
 * the database is the truth, and anything out of sequence is re-read from it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  DomainEvent,
  EphemeralSignal,
  Repositories,
  TypingSignal,
  VisitorSession,
} from '@sofortdesk/domain';
import type { EventBus } from '@sofortdesk/bus';
import { CursorStream, rejectUpgrade, type StreamClient } from './cursor-stream.ts';

export const WIDGET_REALTIME_PATH = '/api/v1/widget/realtime';
export const VISITOR_SUBPROTOCOL = 'sofortdesk-visitor';
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Timers beyond this overflow (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface VisitorGatewayDeps {
  bus: EventBus;
  repos: Pick<Repositories, 'events' | 'inboxes' | 'conversations'>;
  /** The session of a visitor token, or undefined when it is not valid. */
  authenticate: (token: string) => Promise<VisitorSession | undefined>;
  /** The frame of an event for a visitor, or undefined for what visitors never see (notes). */
  present: (event: DomainEvent) => unknown;
  presentEphemeral: (signal: TypingSignal) => unknown;
  onConnectionsChanged?: (count: number) => void;
  onError?: (error: unknown) => void;
}

interface Visitor {
  session: VisitorSession;
  /** The visitor's conversations in the inbox: what they may hear about. Grows with conversation.created. */
  conversationIds: Set<string>;
}

/** The visitor token from ?token= or from the subprotocols ["sofortdesk-visitor", token]. */
function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const index = protocols.indexOf(VISITOR_SUBPROTOCOL);
  return index >= 0 ? protocols[index + 1] : undefined;
}

/** Hand the HTTP server's 'upgrade' events for WIDGET_REALTIME_PATH to handleUpgrade. */
export class VisitorGateway extends CursorStream<Visitor> {
  constructor(private readonly deps: VisitorGatewayDeps) {
    super(deps, {
      wss: {
        maxPayload: 4 * 1024,
        // A token sent as subprotocol is not echoed back: only the protocol's name is.
        handleProtocols: (protocols) => (protocols.has(VISITOR_SUBPROTOCOL) ? VISITOR_SUBPROTOCOL : false),
      },
      maxBufferedBytes: MAX_BUFFERED_BYTES,
    });
  }

  protected override async admit(
    request: IncomingMessage,
    url: URL,
    socket: Duplex,
  ): Promise<(Visitor & { accountId: string }) | undefined> {
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
    return { accountId: session.accountId, session, conversationIds: new Set() };
  }

  /** A verified session ends with its identity token; so does its stream. */
  protected override opened(client: StreamClient<Visitor>): () => void {
    const expiry = setTimeout(
      () => client.socket.close(4001, 'session expired'),
      Math.min(Math.max(Date.parse(client.session.expiresAt) - Date.now(), 0), MAX_TIMER_MS),
    );
    expiry.unref();
    return () => clearTimeout(expiry);
  }

  /** The visitor's conversations. The stream's end is read first: one made in between is in the replay. */
  protected override async prepare(client: StreamClient<Visitor>): Promise<void> {
    const { accountId, inboxId, contactId } = client.session;
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
  }

  /**
   * Follows the visitor's conversations, and says yes when the event is about one of them (whether
   * visitors may see it at all is up to frameOf).
   */
  protected override receives(client: StreamClient<Visitor>, event: DomainEvent): boolean {
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
      return false;
    }
    if (event.inboxId !== session.inboxId || event.conversationId === null) return false;
    if (event.type === 'conversation.created' && event.data.conversation.contactId === session.contactId) {
      client.conversationIds.add(event.conversationId);
    }
    return client.conversationIds.has(event.conversationId);
  }

  /** Nothing for what visitors never see (notes). */
  protected override frameOf(event: DomainEvent): string | undefined {
    const presented = this.deps.present(event);
    return presented === undefined ? undefined : JSON.stringify(presented);
  }

  /** Agents typing in one of the visitor's conversations; the visitor's own typing is not echoed. */
  protected override onEphemeral(signal: EphemeralSignal): void {
    const clients = this.clientsOf(signal.accountId);
    // Which agents have the conversation open is the agents' business alone.
    if (!clients || signal.type !== 'typing' || signal.data.authorType !== 'user') return;
    let frame: string | undefined;
    for (const client of clients) {
      if (client.session.inboxId !== signal.inboxId) continue;
      if (!client.conversationIds.has(signal.conversationId)) continue;
      frame ??= JSON.stringify(this.deps.presentEphemeral(signal));
      this.sendRaw(client, frame);
    }
  }
}
