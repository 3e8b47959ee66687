/**
 * The workspace's data: conversations, messages, contacts and their timelines, kept in one reducer
 * that both the REST loads and the realtime frames feed. Every change is idempotent (a message that
 * arrives from the reply's response and again from the stream is kept once), so the order in which
 * REST answers and frames arrive does not matter.
 */
import type { ContactDetail, Conversation, ConversationStatus, Message, RealtimeEvent } from './api/types.ts';

type Priority = Conversation['priority'];
type Language = NonNullable<Conversation['language']>;

export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export const LANGUAGES = ['de', 'en'] as const;
export const CHANNELS = ['api', 'webchat', 'email'] as const;
export const SORTS = ['waiting', 'recent'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Sort = (typeof SORTS)[number];

/** The list's filters and order; 'all' (or '' for the label) means "any". */
export interface Filter {
  status: ConversationStatus | 'all';
  assignee: 'me' | 'unassigned' | 'all';
  inboxId: string;
  channel: Channel | 'all';
  teamId: string;
  label: string;
  language: Language | 'all';
  priority: Priority | 'all';
  sort: Sort;
}

/** Conversations per list request: a brisk scroll passes fifty in a few frames. */
export const LIST_PAGE = 100;

export const ALL_INBOXES = 'all';
export const ALL = 'all';
export const DEFAULT_FILTER: Filter = {
  status: 'open',
  assignee: 'all',
  inboxId: ALL_INBOXES,
  channel: ALL,
  teamId: ALL,
  label: '',
  language: ALL,
  priority: ALL,
  sort: 'waiting',
};

export interface State {
  conversations: Record<string, Conversation>;
  /** Loaded message lists per conversation, oldest first. */
  messages: Record<string, Message[]>;
  contacts: Record<string, ContactDetail>;
  /** Loaded timelines per contact, oldest first. */
  timelines: Record<string, Message[]>;
}

export const emptyState: State = { conversations: {}, messages: {}, contacts: {}, timelines: {} };

export type Action =
  | { type: 'conversations'; items: Conversation[] }
  | { type: 'messages'; conversationId: string; items: Message[] }
  | { type: 'message'; message: Message }
  | { type: 'contact'; contact: ContactDetail }
  | { type: 'contacts'; items: ContactDetail[] }
  | { type: 'timeline'; contactId: string; items: Message[] }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'reset' };

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Most recent first, as the server lists them. */
export const byRecency = (a: Conversation, b: Conversation) =>
  a.lastMessageAt > b.lastMessageAt ? -1 : a.lastMessageAt < b.lastMessageAt ? 1 : a.id > b.id ? -1 : 1;

/** The server's default order: who waits comes first, the longest-waiting on top; then by recency. */
export const byWaiting = (a: Conversation, b: Conversation) => {
  if (a.waitingSince !== null && b.waitingSince !== null) {
    if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince ? -1 : 1;
    return a.id < b.id ? -1 : 1;
  }
  if (a.waitingSince !== null) return -1;
  if (b.waitingSince !== null) return 1;
  return byRecency(a, b);
};

/**
 * The server's waiting rule (packages/domain/src/waiting.ts), applied to live messages: a customer's
 * text starts the wait unless one runs, an outbound text ends it, notes change nothing.
 */
export function waitingSinceAfter(waitingSince: string | null, message: Message): string | null {
  if (message.kind !== 'text') return waitingSince;
  if (message.direction === 'out') return null;
  return waitingSince ?? message.createdAt;
}

function insertMessage(list: Message[] | undefined, message: Message): Message[] | undefined {
  if (!list) return undefined;
  if (list.some((m) => m.id === message.id)) return list;
  const next = [...list, message];
  // Nearly always the newest: sort only when it is not.
  const previous = list[list.length - 1];
  if (previous && byTime(previous, message) > 0) next.sort(byTime);
  return next;
}

/** The conversation that results from a copy arriving; undefined when ours stays as it is. */
function merged(existing: Conversation | undefined, incoming: Conversation): Conversation | undefined {
  // lastMessageAt and waitingSince follow the messages: they come from whichever copy knows the later one.
  if (existing && existing.updatedAt >= incoming.updatedAt) {
    // An older copy (a slow response) or the same again: keep ours, but never lose a newer last message time.
    if (incoming.lastMessageAt <= existing.lastMessageAt) return undefined;
    const { lastMessageAt, waitingSince } = incoming;
    return { ...existing, lastMessageAt, waitingSince };
  }
  return existing && existing.lastMessageAt > incoming.lastMessageAt
    ? { ...incoming, lastMessageAt: existing.lastMessageAt, waitingSince: existing.waitingSince }
    : incoming;
}

/**
 * Copies arriving (a page of the list, an event): the record is copied once for all of them, not once
 * per conversation, so a page into ten thousand known conversations costs one copy, not a hundred.
 */
function upsertConversations(
  conversations: Record<string, Conversation>,
  items: Conversation[],
): Record<string, Conversation> {
  let next: Record<string, Conversation> | undefined;
  for (const incoming of items) {
    const conversation = merged((next ?? conversations)[incoming.id], incoming);
    if (!conversation) continue;
    next ??= { ...conversations };
    next[incoming.id] = conversation;
  }
  return next ?? conversations;
}

function addMessage(state: State, message: Message): State {
  let { conversations, messages, timelines } = state;
  const conversation = conversations[message.conversationId];
  // Customer-visible text moves the conversation up and starts or ends the wait; notes do neither
  // (as on the server). A message older than the last one known changes nothing: it was counted.
  if (conversation && message.kind === 'text' && message.createdAt > conversation.lastMessageAt) {
    conversations = {
      ...conversations,
      [conversation.id]: {
        ...conversation,
        lastMessageAt: message.createdAt,
        waitingSince: waitingSinceAfter(conversation.waitingSince, message),
      },
    };
  }
  const thread = insertMessage(messages[message.conversationId], message);
  if (thread && thread !== messages[message.conversationId])
    messages = { ...messages, [message.conversationId]: thread };
  const contactId =
    conversation?.contactId ?? (message.authorType === 'contact' ? message.authorId : null) ?? undefined;
  if (contactId) {
    const timeline = insertMessage(timelines[contactId], message);
    if (timeline && timeline !== timelines[contactId]) timelines = { ...timelines, [contactId]: timeline };
  }
  if (conversations === state.conversations && messages === state.messages && timelines === state.timelines)
    return state;
  return { ...state, conversations, messages, timelines };
}

function applyEvent(state: State, event: RealtimeEvent): State {
  const data = event.data;
  switch (event.type) {
    case 'message.created':
      return data.message ? addMessage(state, data.message as Message) : state;
    case 'conversation.created':
    case 'conversation.updated':
    case 'conversation.read':
      return data.conversation
        ? {
            ...state,
            conversations: upsertConversations(state.conversations, [data.conversation as Conversation]),
          }
        : state;
    case 'contact.updated': {
      const contact = data.contact as Omit<ContactDetail, 'identities'> | undefined;
      const known = contact && state.contacts[contact.id];
      if (!contact || !known) return state;
      return { ...state, contacts: { ...state.contacts, [contact.id]: { ...known, ...contact } } };
    }
    case 'contact.merged': {
      const contact = data.contact as { id: string } | undefined;
      const merged = data.mergedContactId as string | undefined;
      if (!contact || !merged) return state;
      // The survivor gained identities and history: forget both, they are reloaded when shown.
      const contacts = { ...state.contacts };
      const timelines = { ...state.timelines };
      for (const id of [contact.id, merged]) {
        delete contacts[id];
        delete timelines[id];
      }
      const conversations = { ...state.conversations };
      for (const c of Object.values(conversations))
        if (c.contactId === merged) conversations[c.id] = { ...c, contactId: contact.id };
      return { ...state, contacts, timelines, conversations };
    }
    default:
      return state;
  }
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'conversations': {
      const conversations = upsertConversations(state.conversations, action.items);
      return conversations === state.conversations ? state : { ...state, conversations };
    }
    case 'messages': {
      // Anything that arrived by the stream while the page loaded is kept.
      const known = state.messages[action.conversationId] ?? [];
      const ids = new Set(action.items.map((m) => m.id));
      const items = [...action.items, ...known.filter((m) => !ids.has(m.id))].sort(byTime);
      return { ...state, messages: { ...state.messages, [action.conversationId]: items } };
    }
    case 'message':
      return addMessage(state, action.message);
    case 'contact':
      return { ...state, contacts: { ...state.contacts, [action.contact.id]: action.contact } };
    case 'contacts': {
      const contacts = { ...state.contacts };
      for (const contact of action.items) contacts[contact.id] = contact;
      return { ...state, contacts };
    }
    case 'timeline': {
      const known = state.timelines[action.contactId] ?? [];
      const ids = new Set(action.items.map((m) => m.id));
      const items = [...action.items, ...known.filter((m) => !ids.has(m.id))].sort(byTime);
      return { ...state, timelines: { ...state.timelines, [action.contactId]: items } };
    }
    case 'event':
      return applyEvent(state, action.event);
    case 'reset':
      return emptyState;
  }
}

/** Which channel each inbox is, for the channel filter on live updates. */
export type InboxChannels = Record<string, string>;

export function matchesFilter(
  conversation: Conversation,
  filter: Filter,
  agentId: string,
  inboxChannels: InboxChannels = {},
): boolean {
  if (filter.status !== ALL && conversation.status !== filter.status) return false;
  if (filter.inboxId !== ALL_INBOXES && conversation.inboxId !== filter.inboxId) return false;
  // An inbox not known (yet) is given the benefit of the doubt: the server filtered the pages.
  const channel = inboxChannels[conversation.inboxId];
  if (filter.channel !== ALL && channel !== undefined && channel !== filter.channel) return false;
  if (filter.teamId !== ALL && conversation.teamId !== filter.teamId) return false;
  if (filter.label !== '' && !conversation.labels.includes(normaliseLabel(filter.label))) return false;
  if (filter.language !== ALL && conversation.language !== filter.language) return false;
  if (filter.priority !== ALL && conversation.priority !== filter.priority) return false;
  if (filter.assignee === 'me') return conversation.assigneeId === agentId;
  if (filter.assignee === 'unassigned') return conversation.assigneeId === null;
  return true;
}

/** Labels are stored trimmed and lower-case; the server compares them so, and so does the list. */
export const normaliseLabel = (label: string) => label.trim().toLowerCase();

/** The conversation list: every known conversation that matches, in the filter's order. */
export function visibleConversations(
  state: Pick<State, 'conversations'>,
  filter: Filter,
  agentId: string,
  inboxChannels: InboxChannels = {},
): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => matchesFilter(c, filter, agentId, inboxChannels))
    .sort(filter.sort === 'recent' ? byRecency : byWaiting);
}

/** The list query for the REST API. */
export function filterQuery(filter: Filter, agentId: string) {
  const label = normaliseLabel(filter.label);
  return {
    sort: filter.sort,
    ...(filter.status !== ALL && { status: filter.status }),
    ...(filter.inboxId !== ALL_INBOXES && { inboxId: filter.inboxId }),
    ...(filter.channel !== ALL && { channel: filter.channel }),
    ...(filter.teamId !== ALL && { teamId: filter.teamId }),
    ...(label !== '' && { label }),
    ...(filter.language !== ALL && { language: filter.language }),
    ...(filter.priority !== ALL && { priority: filter.priority }),
    ...(filter.assignee === 'me' && { assigneeId: agentId }),
    ...(filter.assignee === 'unassigned' && { assigneeId: 'none' }),
  };
}

/** One text per filter: loads are told apart by it (equal filters, equal keys). */
export const filterKey = (filter: Filter) =>
  FILTER_FIELDS.map(([field]) => (field === 'label' ? normaliseLabel(filter.label) : filter[field])).join(
    '|',
  );

/** The filter's fields and their names in the address bar (?status=…&assignee=…). */
const FILTER_FIELDS: [keyof Filter, string][] = [
  ['status', 'status'],
  ['assignee', 'assignee'],
  ['inboxId', 'inbox'],
  ['channel', 'channel'],
  ['teamId', 'team'],
  ['label', 'label'],
  ['language', 'language'],
  ['priority', 'priority'],
  ['sort', 'sort'],
];

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

/** The filter in the address bar: only what differs from the default, so a plain URL stays plain. */
export function filterToSearch(filter: Filter): string {
  const search = new URLSearchParams();
  for (const [field, name] of FILTER_FIELDS) {
    const value = field === 'label' ? filter.label.trim() : filter[field];
    if (value !== DEFAULT_FILTER[field]) search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A filter from the address bar; unknown values fall back to the default. null when it names none. */
export function filterFromSearch(searchText: string): Filter | null {
  const search = new URLSearchParams(searchText);
  if (!FILTER_FIELDS.some(([, name]) => search.has(name))) return null;
  const id = (value: string | null) => (value && value.length <= 64 ? value : ALL);
  const d = DEFAULT_FILTER;
  return {
    status: oneOf([...STATUSES, ALL], search.get('status'), d.status),
    assignee: oneOf(['me', 'unassigned', ALL], search.get('assignee'), d.assignee),
    inboxId: id(search.get('inbox')),
    channel: oneOf([...CHANNELS, ALL], search.get('channel'), d.channel),
    teamId: id(search.get('team')),
    label: (search.get('label') ?? '').slice(0, 50),
    language: oneOf([...LANGUAGES, ALL], search.get('language'), d.language),
    priority: oneOf([...PRIORITIES, ALL], search.get('priority'), d.priority),
    sort: oneOf(SORTS, search.get('sort'), d.sort),
  };
}
