/**
 * The workspace's data: conversations, messages, contacts and their timelines, kept in one reducer
 * that both the REST loads and the realtime frames feed. Every change is idempotent (a message that
 * arrives from the reply's response and again from the stream is kept once), so the order in which
 * REST answers and frames arrive does not matter.
 */
import type { ContactDetail, Conversation, ConversationStatus, Message, RealtimeEvent } from './api/types.ts';

export interface Filter {
  status: ConversationStatus | 'all';
  assignee: 'me' | 'unassigned' | 'all';
  inboxId: string;
}

export const ALL_INBOXES = 'all';
export const DEFAULT_FILTER: Filter = { status: 'open', assignee: 'all', inboxId: ALL_INBOXES };

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
  | { type: 'timeline'; contactId: string; items: Message[] }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'reset' };

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Most recent first, as the server lists them. */
export const byRecency = (a: Conversation, b: Conversation) =>
  a.lastMessageAt > b.lastMessageAt ? -1 : a.lastMessageAt < b.lastMessageAt ? 1 : a.id > b.id ? -1 : 1;

function insertMessage(list: Message[] | undefined, message: Message): Message[] | undefined {
  if (!list) return undefined;
  if (list.some((m) => m.id === message.id)) return list;
  const next = [...list, message];
  // Nearly always the newest: sort only when it is not.
  const previous = list[list.length - 1];
  if (previous && byTime(previous, message) > 0) next.sort(byTime);
  return next;
}

function upsertConversation(
  conversations: Record<string, Conversation>,
  incoming: Conversation,
): Record<string, Conversation> {
  const existing = conversations[incoming.id];
  if (existing && existing.updatedAt > incoming.updatedAt) {
    // An older copy (a slow response): keep ours, but never lose a newer last message time.
    if (incoming.lastMessageAt <= existing.lastMessageAt) return conversations;
    return { ...conversations, [incoming.id]: { ...existing, lastMessageAt: incoming.lastMessageAt } };
  }
  const merged =
    existing && existing.lastMessageAt > incoming.lastMessageAt
      ? { ...incoming, lastMessageAt: existing.lastMessageAt }
      : incoming;
  return { ...conversations, [incoming.id]: merged };
}

function addMessage(state: State, message: Message): State {
  let { conversations, messages, timelines } = state;
  const conversation = conversations[message.conversationId];
  // Customer-visible text moves the conversation up; notes do not (as on the server).
  if (conversation && message.kind === 'text' && message.createdAt > conversation.lastMessageAt) {
    conversations = {
      ...conversations,
      [conversation.id]: { ...conversation, lastMessageAt: message.createdAt },
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
      return data.conversation
        ? {
            ...state,
            conversations: upsertConversation(state.conversations, data.conversation as Conversation),
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
      let conversations = state.conversations;
      for (const item of action.items) conversations = upsertConversation(conversations, item);
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

export function matchesFilter(conversation: Conversation, filter: Filter, agentId: string): boolean {
  if (filter.status !== 'all' && conversation.status !== filter.status) return false;
  if (filter.inboxId !== ALL_INBOXES && conversation.inboxId !== filter.inboxId) return false;
  if (filter.assignee === 'me') return conversation.assigneeId === agentId;
  if (filter.assignee === 'unassigned') return conversation.assigneeId === null;
  return true;
}

/** The conversation list: every known conversation that matches, most recent first. */
export function visibleConversations(state: State, filter: Filter, agentId: string): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => matchesFilter(c, filter, agentId))
    .sort(byRecency);
}

/** The list query for the REST API. */
export function filterQuery(filter: Filter, agentId: string) {
  return {
    ...(filter.status !== 'all' && { status: filter.status }),
    ...(filter.inboxId !== ALL_INBOXES && { inboxId: filter.inboxId }),
    ...(filter.assignee === 'me' && { assigneeId: agentId }),
    ...(filter.assignee === 'unassigned' && { assigneeId: 'none' }),
  };
}

export const filterKey = (filter: Filter) => `${filter.status}|${filter.assignee}|${filter.inboxId}`;
