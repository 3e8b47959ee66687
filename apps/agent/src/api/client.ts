/**
 * The REST client: same-origin fetch with the session cookie, the CSRF token on every change, and
 * problem documents (RFC 9457) turned into ApiError.
 */
import type {
  Agent,
  CannedAnswer,
  ContactDetail,
  Conversation,
  ConversationChanges,
  ConversationStatus,
  Inbox,
  Me,
  Message,
  Page,
  Problem,
  Team,
  UploadedAttachment,
} from './types.ts';

/** The channel switch: a web chat reply sent by e-mail (the visitor has left). */
export interface ReplyOptions {
  via?: 'email';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
  }
}

export interface ConversationQuery {
  status?: ConversationStatus;
  inboxId?: string;
  /** An agent id, or "none" for unassigned. */
  assigneeId?: string;
  channel?: Inbox['channel'];
  teamId?: string;
  label?: string;
  language?: NonNullable<Conversation['language']>;
  priority?: Conversation['priority'];
  /** waiting (the server's default): the longest-waiting first; recent: newest activity first. */
  sort?: 'waiting' | 'recent';
  cursor?: string;
  limit?: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const SAFE = new Set(['GET', 'HEAD']);

export class ApiClient {
  csrfToken: string | null = null;
  /** Called when a request answers 401: the session ended. */
  onUnauthorized: (() => void) | undefined;

  constructor(private readonly base = '') {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE.has(method) && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(this.base + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const data: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (response.status === 401 && path !== '/api/v1/auth/login') this.onUnauthorized?.();
      throw new ApiError(response.status, data as Problem | undefined);
    }
    return data as T;
  }

  me = () => this.request<Me>('GET', '/api/v1/me');

  async login(email: string, password: string): Promise<{ agent: Agent; csrfToken: string }> {
    const result = await this.request<{ agent: Agent; csrfToken: string }>('POST', '/api/v1/auth/login', {
      email,
      password,
    });
    this.csrfToken = result.csrfToken;
    return result;
  }

  async logout(): Promise<void> {
    await this.request<void>('POST', '/api/v1/auth/logout');
    this.csrfToken = null;
  }

  inboxes = () => this.request<{ items: Inbox[] }>('GET', '/api/v1/inboxes');
  agents = () => this.request<{ items: Agent[] }>('GET', '/api/v1/agents');
  teams = () => this.request<{ items: Team[] }>('GET', '/api/v1/teams');
  cannedAnswers = () => this.request<{ items: CannedAnswer[] }>('GET', '/api/v1/canned-answers');

  conversations = (q: ConversationQuery) =>
    this.request<Page<Conversation>>('GET', `/api/v1/conversations${query({ limit: 50, ...q })}`);

  conversation = (id: string) =>
    this.request<Conversation>('GET', `/api/v1/conversations/${encodeURIComponent(id)}`);

  updateConversation = (id: string, changes: ConversationChanges) =>
    this.request<Conversation>('PATCH', `/api/v1/conversations/${encodeURIComponent(id)}`, changes);

  /** Oldest first; "newest" pages backwards from the end (the cursor leads to older messages). */
  messages = (id: string, cursor?: string, order: 'oldest' | 'newest' = 'oldest', limit = 200) =>
    this.request<Page<Message>>(
      'GET',
      `/api/v1/conversations/${encodeURIComponent(id)}/messages${query({ limit, cursor, order })}`,
    );

  reply = (
    id: string,
    text: string,
    kind: 'text' | 'note',
    attachments: string[] = [],
    options: ReplyOptions = {},
  ) =>
    this.request<Message>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/messages`, {
      text,
      kind,
      attachments,
      ...(options.via && { via: options.via }),
    });

  typing = (id: string, typing: boolean) =>
    this.request<void>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/typing`, { typing });

  /** Read receipts: the customer sees that the conversation has been read up to now. */
  markRead = (id: string) =>
    this.request<Conversation>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/read`);

  /** Uploads a file as it is (the server recognises its type by content); answers its key for a reply. */
  async uploadAttachment(id: string, file: Blob, filename: string): Promise<UploadedAttachment> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': file.type || 'application/octet-stream',
    };
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(
      `${this.base}/api/v1/conversations/${encodeURIComponent(id)}/attachments${query({ filename })}`,
      { method: 'POST', headers, credentials: 'same-origin', body: file },
    );
    const data: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiError(response.status, data as Problem | undefined);
    return data as UploadedAttachment;
  }

  contact = (id: string) => this.request<ContactDetail>('GET', `/api/v1/contacts/${encodeURIComponent(id)}`);

  timeline = (id: string, cursor?: string) =>
    this.request<Page<Message>>(
      'GET',
      `/api/v1/contacts/${encodeURIComponent(id)}/timeline${query({ limit: 200, cursor })}`,
    );

  /** Every page of an oldest-first list, up to maxPages. */
  async all<T>(load: (cursor?: string) => Promise<Page<T>>, maxPages = 20): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await load(cursor);
      items.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return items;
  }
}
