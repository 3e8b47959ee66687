/**
 * The widget's state and its conversation with the server, apart from any rendering (so it is
 * testable without a browser). The visitor's session token lives in localStorage per inbox, so the
 * chat continues after a reload and in new tabs. Messages go to an outbox in localStorage first, each
 * with an id made here; the outbox is sent in order whenever the browser is online, and the server
 * stores each id once, so a retry after a lost answer, a reload or a second tab never doubles a
 * message. Agent replies and typing arrive over the visitor WebSocket, which resumes with
 * ?after=<cursor> after a drop.
 */
import type { z } from 'zod';
import type {
  visitorMessagePageSchema,
  visitorMessageSchema,
  visitorSessionSchema,
  widgetInboxSchema,
} from '@sofortdesk/protocol';
import type { Language } from './i18n.ts';

export type VisitorMessage = z.infer<typeof visitorMessageSchema>;
export type VisitorMessagePage = z.infer<typeof visitorMessagePageSchema>;
export type VisitorSession = z.infer<typeof visitorSessionSchema>;
export type WidgetInbox = z.infer<typeof widgetInboxSchema>;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The few members of a browser WebSocket the chat uses. */
export type SocketLike = Pick<WebSocket, 'onmessage' | 'onclose' | 'close'>;

export interface ChatEnvironment {
  /** Where Sofortdesk is: the folder of widget.js, without a trailing slash. */
  base: string;
  inboxId: string;
  language: Language;
  storage: StorageLike;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  createSocket: (url: string, protocols: string[]) => SocketLike;
  online: () => boolean;
  randomId: () => string;
  now?: () => number;
  /** Whether the page is in front (document.visibilityState); read receipts need it. */
  visible?: () => boolean;
}

export interface ChatMessage {
  /** The server's id, or the client id while it is not yet stored. */
  key: string;
  id: string | null;
  /** null while not yet stored. */
  conversationId: string | null;
  clientMessageId: string | null;
  /** in: the visitor wrote it; out: the team. */
  direction: 'in' | 'out';
  text: string;
  attachments: VisitorMessage['attachments'];
  createdAt: string;
  state: 'sent' | 'pending' | 'failed';
  /** An automatic answer of the knowledge base (it asks "did this help?"). */
  bot?: boolean;
}

export type Connection = 'idle' | 'connecting' | 'live' | 'offline';

export interface ChatState {
  inbox: WidgetInbox | null;
  open: boolean;
  messages: ChatMessage[];
  agentTyping: boolean;
  connection: Connection;
  unread: number;
  /** A proactive invitation's message: shown as the team's first words, never stored. */
  invitation: string | null;
  /** Opened by an invitation, not by the visitor: the page keeps its focus. */
  openedByInvitation: boolean;
  /** The pre-chat form is answered (or not needed: a verified customer, an earlier chat). */
  preChatDone: boolean;
  /** Until when an agent has read each conversation (read receipts). */
  agentReadAt: Record<string, string>;
  /** Help-centre articles that may answer what the visitor is typing. */
  suggestions: ArticleSuggestion[];
  /** The site's backend vouched for this customer: they may open their privacy centre from here. */
  verified: boolean;
}

export interface ArticleSuggestion {
  id: string;
  title: string;
  url: string;
}

export interface PreChatAnswers {
  name?: string;
  email: string;
}

interface StoredSession {
  token: string;
  verified: boolean;
  expiresAt: string;
  /** The customer id (sub) of the identity token a verified session came from. */
  subject?: string;
}

interface QueuedMessage {
  id: string;
  text: string;
  createdAt: string;
}

interface Frame {
  type?: string;
  cursor?: number;
  reset?: boolean;
  data?: {
    message?: VisitorMessage;
    authorType?: string;
    typing?: boolean;
    reader?: string;
    conversation?: { id?: string; agentLastReadAt?: string | null };
  };
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;
const AGENT_TYPING_TIMEOUT_MS = 8000;
const MAX_RETRY_MS = 30_000;
const HISTORY_PAGES = 10;
/** Suggestions are asked for once the visitor pauses this long, and from this many characters. */
const SUGGEST_PAUSE_MS = 400;
const SUGGEST_MIN_CHARS = 3;
/** At most one read mark per this long; the latest one is sent at the end of it. */
const READ_THROTTLE_MS = 2000;

/** The customer id (sub) in a JWT, read without verifying (the server verifies). */
export function subjectOf(jwt: string): string | undefined {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

const toChatMessage = (m: VisitorMessage): ChatMessage => ({
  key: m.id,
  id: m.id,
  conversationId: m.conversationId,
  clientMessageId: m.clientMessageId,
  direction: m.direction,
  text: m.text,
  attachments: m.attachments,
  createdAt: m.createdAt,
  state: 'sent',
  ...(m.authorType === 'bot' && { bot: true }),
});

/** Stored messages by time; what is not stored yet after them, in the order it was written. */
function ordered(messages: ChatMessage[]): ChatMessage[] {
  const stored = messages.filter((m) => m.state === 'sent');
  stored.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return [...stored, ...messages.filter((m) => m.state !== 'sent')];
}

export class Chat {
  state: ChatState = {
    inbox: null,
    open: false,
    messages: [],
    agentTyping: false,
    connection: 'idle',
    unread: 0,
    invitation: null,
    openedByInvitation: false,
    preChatDone: false,
    agentReadAt: {},
    suggestions: [],
    verified: false,
  };
  private readonly listeners = new Set<(state: ChatState) => void>();
  private readonly keys: { session: string; outbox: string; preChat: string };
  private session: StoredSession | null;
  /** Whether this page has confirmed the stored session with the server. */
  private sessionChecked = false;
  private sessionPromise: Promise<StoredSession> | null = null;
  private socket: SocketLike | null = null;
  private cursor: number | undefined;
  private historyLoaded = false;
  private failures = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** The newest team message this visitor has marked read, and the pending mark's timer. */
  private readUpTo = '';
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private readSentAt = 0;
  private suggestTimer: ReturnType<typeof setTimeout> | undefined;
  private suggestSequence = 0;

  /** Where the widget keeps what this browser remembers (localStorage, or memory). */
  get storage(): StorageLike {
    return this.env.storage;
  }

  constructor(private readonly env: ChatEnvironment) {
    this.keys = {
      session: `sofortdesk:${env.inboxId}:session`,
      outbox: `sofortdesk:${env.inboxId}:outbox`,
      preChat: `sofortdesk:${env.inboxId}:prechat`,
    };
    this.session = this.read<StoredSession>(this.keys.session);
    if (this.session && Date.parse(this.session.expiresAt) <= this.now()) this.session = null;
    this.state.messages = this.outbox().map((q) => this.pending(q));
    this.state.preChatDone = this.preChatKnown();
    this.state.verified = this.session?.verified === true;
  }

  // ---- for the view ----

  subscribe(listener: (state: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the inbox's widget settings; resumes a chat this browser already has. */
  async init(): Promise<void> {
    const response = await this.env.fetch(this.url(''), { credentials: 'omit' });
    if (!response.ok) throw new HttpError(response.status);
    this.set({ inbox: (await response.json()) as WidgetInbox });
    if (this.wanted()) this.wake();
  }

  setOpen(open: boolean): void {
    if (open === this.state.open) {
      if (open) this.set({ openedByInvitation: false });
      return;
    }
    this.set({ open, openedByInvitation: false, ...(open && { unread: 0 }) });
    if (open) this.wake();
    this.markRead();
  }

  /**
   * A proactive rule fired: the chat opens with its message. No session yet (no contact for every
   * invitation shown): that starts when the visitor writes, like any first message.
   */
  invite(text: string): void {
    if (this.state.open) return;
    this.set({ open: true, openedByInvitation: true, invitation: text, unread: 0 });
  }

  /** The pre-chat form's answers: kept in this browser, given to the server with the session. */
  answerPreChat(answers: PreChatAnswers): void {
    this.env.storage.setItem(this.keys.preChat, JSON.stringify(answers));
    this.set({ preChatDone: true });
    if (this.session) {
      // The session exists already: resuming it with the answers stores them on the contact.
      this.sessionChecked = false;
      this.wake();
    }
  }

  /** The page came to the front or went to the back: the team's messages may now count as read. */
  visibilityChanged(): void {
    this.markRead();
  }

  /** The visitor writes: queued first (it survives a reload), then sent when possible. */
  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const queued: QueuedMessage = {
      id: this.env.randomId(),
      text: trimmed,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.saveOutbox([...this.outbox(), queued]);
    this.set({ messages: [...this.state.messages, this.pending(queued)], suggestions: [] });
    this.typing(false);
    this.suggest('');
    this.wake();
  }

  /**
   * The visitor's draft changed: after a pause, ask for articles that may answer it. Only the
   * answer to the latest draft counts; a failed request just shows none (they are a help, not the chat).
   */
  suggest(draft: string): void {
    clearTimeout(this.suggestTimer);
    const query = draft.trim();
    const asked = ++this.suggestSequence;
    if (query.length < SUGGEST_MIN_CHARS) {
      if (this.state.suggestions.length > 0) this.set({ suggestions: [] });
      return;
    }
    this.suggestTimer = setTimeout(() => {
      const params = `?q=${encodeURIComponent(query.slice(0, 500))}&language=${this.env.language}`;
      this.env
        .fetch(this.url(`/suggestions${params}`), { credentials: 'omit' })
        .then(async (response) => {
          if (!response.ok) throw new HttpError(response.status);
          const body = (await response.json()) as { items: ArticleSuggestion[] };
          if (asked !== this.suggestSequence) return;
          this.set({ suggestions: body.items.filter((item) => /^https?:\/\//.test(item.url)).slice(0, 3) });
        })
        .catch(() => {
          if (asked === this.suggestSequence) this.set({ suggestions: [] });
        });
    }, SUGGEST_PAUSE_MS);
  }

  /** The visitor types (true on each keystroke) or stopped (false): at most one signal per few seconds. */
  typing(active: boolean): void {
    clearTimeout(this.typingIdle);
    if (active) {
      if (this.now() - this.typingSentAt > TYPING_REPEAT_MS) {
        this.typingSentAt = this.now();
        this.postTyping(true);
      }
      this.typingIdle = setTimeout(() => this.typing(false), TYPING_IDLE_MS);
    } else if (this.typingSentAt !== 0) {
      this.typingSentAt = 0;
      this.postTyping(false);
    }
  }

  /** A logged-in customer: a session bound to them (the JWT their site's backend signed). */
  async identify(jwt: string): Promise<void> {
    const subject = subjectOf(jwt);
    const current = this.session;
    if (
      current?.verified &&
      subject !== undefined &&
      current.subject === subject &&
      Date.parse(current.expiresAt) > this.now()
    ) {
      this.wake();
      return;
    }
    await this.sessionPromise?.catch(() => undefined);
    await this.startSession(jwt, subject);
    this.wake();
  }

  /**
   * A one-time link that opens the customer's privacy centre signed in; only for a verified session
   * (the server refuses anonymous ones). Ask for it when the customer clicks: it works once, briefly.
   */
  async privacyLink(): Promise<string> {
    const session = await this.ensureSession();
    const response = await this.env.fetch(this.url('/privacy-link'), {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ language: this.env.language }),
    });
    if (!response.ok) throw new HttpError(response.status);
    return ((await response.json()) as { url: string }).url;
  }

  /** The conversation a per-case share belongs to: the newest one the visitor wrote in (null before). */
  currentConversation(): string | null {
    return this.state.messages.findLast((m) => m.conversationId !== null)?.conversationId ?? null;
  }

  /**
   * A call with the visitor's token to a path under the inbox (the share menu's calls, share-menu.ts);
   * the answer's JSON, or an HttpError.
   */
  async visitorCall<T>(
    path: string,
    init: { method?: string; json?: unknown; body?: Blob } = {},
  ): Promise<T> {
    const session = await this.ensureSession();
    const response = await this.env.fetch(this.url(path), {
      method: init.method ?? (init.json !== undefined || init.body ? 'POST' : 'GET'),
      credentials: 'omit',
      headers: {
        authorization: `Bearer ${session.token}`,
        'content-type': init.body ? 'application/octet-stream' : 'application/json',
      },
      ...(init.body ? { body: init.body } : init.json !== undefined && { body: JSON.stringify(init.json) }),
    });
    if (!response.ok) throw new HttpError(response.status);
    return (await response.json()) as T;
  }

  /** Forgets this browser's chat (e.g. when the customer logs out of the site). */
  reset(): void {
    this.env.storage.removeItem(this.keys.session);
    this.env.storage.removeItem(this.keys.outbox);
    this.env.storage.removeItem(this.keys.preChat);
    this.session = null;
    this.sessionChecked = false;
    this.dropSocket();
    this.set({
      messages: [],
      unread: 0,
      agentTyping: false,
      connection: 'idle',
      preChatDone: false,
      agentReadAt: {},
      verified: false,
    });
  }

  /** The browser is back online, or something else suggests trying again now. */
  wake(): void {
    if (this.stopped || !this.wanted()) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (!this.env.online()) {
      this.set({ connection: 'offline' });
      return;
    }
    this.ensureSession().then(
      () => {
        this.connect();
        void this.flush();
      },
      () => this.retryLater(),
    );
  }

  wentOffline(): void {
    this.set({ connection: 'offline' });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    clearTimeout(this.typingIdle);
    clearTimeout(this.agentTypingTimer);
    clearTimeout(this.readTimer);
    clearTimeout(this.suggestTimer);
    this.dropSocket();
  }

  // ---- the session ----

  /** A verified customer or a chat under way needs no form; answers given before count too. */
  private preChatKnown(): boolean {
    return (
      this.session?.verified === true ||
      this.read<PreChatAnswers>(this.keys.preChat) !== null ||
      this.state.messages.length > 0
    );
  }

  /** A chat is under way: a session from before, the window open, or messages waiting. */
  private wanted(): boolean {
    return this.session !== null || this.state.open || this.outbox().length > 0;
  }

  private ensureSession(): Promise<StoredSession> {
    if (this.session && this.sessionChecked) return Promise.resolve(this.session);
    return this.sessionPromise ?? this.startSession(undefined, undefined);
  }

  /** Resumes the stored session (or starts an anonymous one), or binds the visitor to an identity. */
  private startSession(identity: string | undefined, subject: string | undefined): Promise<StoredSession> {
    const promise = (async () => {
      const response = await this.env.fetch(this.url('/sessions'), {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          language: this.env.language,
          ...(this.session && { token: this.session.token }),
          ...(identity !== undefined ? { identity } : this.read<PreChatAnswers>(this.keys.preChat)),
        }),
      });
      if (!response.ok) throw new HttpError(response.status);
      const body = (await response.json()) as VisitorSession;
      const session: StoredSession = {
        token: body.token,
        verified: body.verified,
        expiresAt: body.expiresAt,
        ...(identity !== undefined && subject !== undefined && { subject }),
        ...(identity === undefined &&
          this.session?.token === body.token && { subject: this.session.subject }),
      };
      const changed = session.token !== this.session?.token;
      this.session = session;
      this.sessionChecked = true;
      this.env.storage.setItem(this.keys.session, JSON.stringify(session));
      if (changed) {
        // Another conversation (a new visitor, or the verified customer's): read it afresh.
        this.dropSocket();
        this.cursor = undefined;
        this.historyLoaded = false;
        this.readUpTo = '';
        this.set({
          messages: this.state.messages.filter((m) => m.state !== 'sent'),
          agentTyping: false,
          agentReadAt: {},
        });
      }
      this.set({
        inbox: body.widget,
        preChatDone: this.preChatKnown() || body.contact.email !== null,
        verified: session.verified,
      });
      return session;
    })();
    this.sessionPromise = promise;
    const clear = () => {
      if (this.sessionPromise === promise) this.sessionPromise = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  // ---- sending ----

  private flush(): Promise<void> {
    this.flushing ??= this.sendQueued().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendQueued(): Promise<void> {
    let refused = 0;
    for (;;) {
      const [next] = this.outbox();
      if (!next || this.stopped) return;
      if (!this.env.online()) return this.set({ connection: 'offline' });
      let response: Response;
      try {
        const session = await this.ensureSession();
        response = await this.env.fetch(this.url('/messages'), {
          method: 'POST',
          credentials: 'omit',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ id: next.id, text: next.text }),
        });
      } catch {
        return this.retryLater();
      }
      if (response.ok) {
        const message = (await response.json()) as VisitorMessage;
        this.unqueue(next.id);
        this.merge([message]);
        continue;
      }
      if (response.status === 401 && refused++ < 2) {
        // The session has ended (expired, or merged away): resume or start another, then send again.
        this.sessionChecked = false;
        continue;
      }
      if (response.status >= 500 || response.status === 401 || response.status === 429) {
        return this.retryLater();
      }
      // Refused for good (too long, not allowed): it stays visible as not sent.
      this.unqueue(next.id);
      this.set({
        messages: this.state.messages.map((m) =>
          m.id === null && m.clientMessageId === next.id ? { ...m, state: 'failed' } : m,
        ),
      });
    }
  }

  private postTyping(typing: boolean): void {
    const session = this.session;
    if (!session || !this.sessionChecked || !this.env.online()) return;
    this.env
      .fetch(this.url('/typing'), {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ typing }),
      })
      .catch(() => undefined);
  }

  // ---- receiving ----

  private connect(): void {
    if (this.socket || !this.session || this.stopped) return;
    const query = this.cursor === undefined ? '' : `?after=${this.cursor}`;
    const url = `${this.env.base.replace(/^http/, 'ws')}/api/v1/widget/realtime${query}`;
    let socket: SocketLike;
    try {
      // The token travels as a subprotocol, not in the URL (which ends up in logs).
      socket = this.env.createSocket(url, ['sofortdesk-visitor', this.session.token]);
    } catch {
      return this.retryLater();
    }
    this.socket = socket;
    this.set({ connection: 'connecting' });
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      try {
        this.onFrame(JSON.parse(event.data) as Frame);
      } catch {
        // not a frame of ours
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failures++;
      // 4001: the session ended. Repeated failures may mean the same (a refused upgrade shows as 1006).
      if (event.code === 4001 || this.failures >= 2) this.sessionChecked = false;
      this.set({ connection: this.env.online() ? 'connecting' : 'offline', agentTyping: false });
      this.retryLater();
    };
  }

  private onFrame(frame: Frame): void {
    if (typeof frame.cursor === 'number') this.cursor = Math.max(this.cursor ?? 0, frame.cursor);
    switch (frame.type) {
      case 'ready':
        this.failures = 0;
        this.set({ connection: 'live' });
        if (!this.historyLoaded || frame.reset) void this.loadHistory();
        void this.flush();
        return;
      case 'message.created': {
        const message = frame.data?.message;
        if (!message) return;
        const known = this.state.messages.some((m) => m.id === message.id);
        this.merge([message]);
        if (message.direction === 'out') {
          clearTimeout(this.agentTypingTimer);
          this.set({
            agentTyping: false,
            ...(!known && !this.state.open && { unread: this.state.unread + 1 }),
          });
        }
        return;
      }
      case 'conversation.read': {
        const conversation = frame.data?.conversation;
        if (frame.data?.reader !== 'agent' || !conversation?.id || !conversation.agentLastReadAt) return;
        this.readUntil([{ conversationId: conversation.id, agentLastReadAt: conversation.agentLastReadAt }]);
        return;
      }
      case 'typing':
        if (frame.data?.authorType !== 'user') return;
        clearTimeout(this.agentTypingTimer);
        this.set({ agentTyping: frame.data.typing === true });
        if (frame.data.typing) {
          this.agentTypingTimer = setTimeout(() => this.set({ agentTyping: false }), AGENT_TYPING_TIMEOUT_MS);
        }
        return;
      default:
        return;
    }
  }

  /** The visitor's messages so far (oldest first, page by page). */
  private async loadHistory(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.historyLoaded = true;
    try {
      let cursor: string | null = null;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await this.env.fetch(this.url(`/messages${query}`), {
          credentials: 'omit',
          headers: { authorization: `Bearer ${session.token}` },
        });
        if (!response.ok) throw new HttpError(response.status);
        const body = (await response.json()) as VisitorMessagePage;
        if (this.session !== session) return;
        this.merge(body.items);
        this.readUntil(body.readMarks);
        cursor = body.nextCursor;
        if (!cursor) break;
      }
    } catch {
      this.historyLoaded = false;
    }
  }

  /** Adds or updates messages by their id; a stored message replaces its pending copy. */
  private merge(incoming: VisitorMessage[]): void {
    let messages = this.state.messages;
    for (const message of incoming) {
      messages = messages.filter(
        (m) =>
          m.id !== message.id &&
          !(
            m.id === null &&
            message.clientMessageId !== null &&
            m.clientMessageId === message.clientMessageId
          ),
      );
      messages.push(toChatMessage(message));
    }
    this.set({ messages: ordered(messages), ...(messages.length > 0 && { preChatDone: true }) });
    this.markRead();
  }

  /** Agents' read marks: each only moves forward (a late history page must not undo a live event). */
  private readUntil(marks: VisitorMessagePage['readMarks']): void {
    const agentReadAt = { ...this.state.agentReadAt };
    for (const { conversationId, agentLastReadAt } of marks) {
      if (agentLastReadAt > (agentReadAt[conversationId] ?? ''))
        agentReadAt[conversationId] = agentLastReadAt;
    }
    this.set({ agentReadAt });
  }

  /**
   * While the chat is open and the page in front, the team's newest message counts as read: one
   * small request, at most one per READ_THROTTLE_MS, only when there is something new.
   */
  private markRead(): void {
    if (!this.state.open || this.env.visible?.() === false || this.readTimer !== undefined) return;
    const newest = this.state.messages.findLast((m) => m.direction === 'out' && m.conversationId !== null);
    if (!newest || newest.createdAt <= this.readUpTo) return;
    const wait = Math.max(0, this.readSentAt + READ_THROTTLE_MS - this.now());
    this.readTimer = setTimeout(() => {
      this.readTimer = undefined;
      void this.sendRead();
    }, wait);
  }

  private async sendRead(): Promise<void> {
    const session = this.session;
    const newest = this.state.messages.findLast((m) => m.direction === 'out' && m.conversationId !== null);
    if (!session || !this.sessionChecked || !newest || newest.createdAt <= this.readUpTo) return;
    if (!this.state.open || this.env.visible?.() === false || !this.env.online()) return;
    this.readSentAt = this.now();
    this.readUpTo = newest.createdAt;
    const response = await this.env
      .fetch(this.url('/read'), {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ conversationId: newest.conversationId }),
      })
      .catch(() => undefined);
    // Not marked (offline, a hiccup): the next chance tries again.
    if (!response?.ok && this.readUpTo === newest.createdAt) this.readUpTo = '';
  }

  // ---- support ----

  private retryLater(): void {
    if (this.stopped || this.wakeTimer !== undefined) return;
    const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** Math.min(this.failures, 6)) * (0.5 + Math.random() / 2);
    this.failures++;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wake();
    }, delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000);
    }
  }

  private pending(q: QueuedMessage): ChatMessage {
    return {
      key: `local:${q.id}`,
      id: null,
      conversationId: null,
      clientMessageId: q.id,
      direction: 'in',
      text: q.text,
      attachments: [],
      createdAt: q.createdAt,
      state: 'pending',
    };
  }

  private outbox(): QueuedMessage[] {
    return this.read<QueuedMessage[]>(this.keys.outbox) ?? [];
  }

  private saveOutbox(queue: QueuedMessage[]): void {
    if (queue.length === 0) this.env.storage.removeItem(this.keys.outbox);
    else this.env.storage.setItem(this.keys.outbox, JSON.stringify(queue));
  }

  private unqueue(id: string): void {
    this.saveOutbox(this.outbox().filter((q) => q.id !== id));
  }

  private read<T>(key: string): T | null {
    try {
      const text = this.env.storage.getItem(key);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    }
  }

  private url(path: string): string {
    return `${this.env.base}/api/v1/widget/${encodeURIComponent(this.env.inboxId)}${path}`;
  }

  private now(): number {
    return this.env.now?.() ?? Date.now();
  }

  private set(changes: Partial<ChatState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener(this.state);
  }
}
