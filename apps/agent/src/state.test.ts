import { describe, expect, it } from 'vitest';
import type { Conversation, Message, RealtimeEvent } from './api/types.ts';
import {
  DEFAULT_FILTER,
  emptyState,
  filterFromSearch,
  filterKey,
  filterQuery,
  filterToSearch,
  reducer,
  visibleConversations,
  type Filter,
  type State,
} from './state.ts';

const conversation = (id: string, over: Partial<Conversation> = {}): Conversation => ({
  id,
  inboxId: 'inbox-1',
  contactId: `contact-${id}`,
  status: 'open',
  priority: 'none',
  assigneeId: null,
  teamId: null,
  labels: [],
  language: 'de',
  snoozedUntil: null,
  lastMessageAt: '2026-01-01T10:00:00.000Z',
  waitingSince: null,
  contactLastReadAt: null,
  agentLastReadAt: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

const message = (id: string, conversationId: string, over: Partial<Message> = {}): Message => ({
  id,
  inboxId: 'inbox-1',
  conversationId,
  direction: 'in',
  kind: 'text',
  authorType: 'contact',
  authorId: `contact-${conversationId}`,
  text: `text ${id}`,
  externalId: null,
  attachments: [],
  createdAt: '2026-01-01T11:00:00.000Z',
  ...over,
});

const event = (type: string, data: Record<string, unknown>, cursor = 1): RealtimeEvent => ({
  cursor,
  type,
  inboxId: 'inbox-1',
  conversationId: null,
  data,
  createdAt: '2026-01-01T11:00:00.000Z',
});

const ALL: Filter = { ...DEFAULT_FILTER, status: 'all', sort: 'recent' };

describe('the workspace state', () => {
  it('lists matching conversations most recent first', () => {
    const state = reducer(emptyState, {
      type: 'conversations',
      items: [
        conversation('a', { lastMessageAt: '2026-01-01T08:00:00.000Z' }),
        conversation('b', { lastMessageAt: '2026-01-01T12:00:00.000Z', assigneeId: 'me' }),
        conversation('c', { status: 'resolved', lastMessageAt: '2026-01-01T13:00:00.000Z' }),
        conversation('d', { inboxId: 'inbox-2', lastMessageAt: '2026-01-01T09:00:00.000Z' }),
      ],
    });
    const ids = (filter: Filter) => visibleConversations(state, filter, 'me').map((c) => c.id);
    expect(ids(ALL)).toEqual(['c', 'b', 'd', 'a']);
    expect(ids({ ...ALL, status: 'open' })).toEqual(['b', 'd', 'a']);
    expect(ids({ ...ALL, assignee: 'me' })).toEqual(['b']);
    expect(ids({ ...ALL, assignee: 'unassigned' })).toEqual(['c', 'd', 'a']);
    expect(ids({ ...ALL, inboxId: 'inbox-2' })).toEqual(['d']);
  });

  it('turns a filter into the list query', () => {
    expect(filterQuery(ALL, 'me')).toEqual({ sort: 'recent' });
    expect(filterQuery({ ...ALL, status: 'open', assignee: 'me', inboxId: 'x' }, 'agent-1')).toEqual({
      sort: 'recent',
      status: 'open',
      inboxId: 'x',
      assigneeId: 'agent-1',
    });
    expect(filterQuery({ ...ALL, assignee: 'unassigned' }, 'me')).toEqual({
      sort: 'recent',
      assigneeId: 'none',
    });
    expect(
      filterQuery(
        {
          ...DEFAULT_FILTER,
          channel: 'webchat',
          teamId: 't-1',
          label: '  VIP ',
          language: 'en',
          priority: 'urgent',
        },
        'me',
      ),
    ).toEqual({
      sort: 'waiting',
      status: 'open',
      channel: 'webchat',
      teamId: 't-1',
      label: 'vip',
      language: 'en',
      priority: 'urgent',
    });
  });

  it('lists the waiting first, the longest-waiting on top, then the rest by recency (as the server)', () => {
    const state = reducer(emptyState, {
      type: 'conversations',
      items: [
        conversation('recent', { lastMessageAt: '2026-01-01T12:00:00.000Z' }),
        conversation('old', { lastMessageAt: '2026-01-01T08:00:00.000Z' }),
        conversation('waits-long', {
          lastMessageAt: '2026-01-01T11:00:00.000Z',
          waitingSince: '2026-01-01T07:00:00.000Z',
        }),
        conversation('waits-short', {
          lastMessageAt: '2026-01-01T09:30:00.000Z',
          waitingSince: '2026-01-01T09:30:00.000Z',
        }),
      ],
    });
    const ids = (filter: Filter) => visibleConversations(state, filter, 'me').map((c) => c.id);
    expect(ids({ ...ALL, sort: 'waiting' })).toEqual(['waits-long', 'waits-short', 'recent', 'old']);
    expect(ids(ALL)).toEqual(['recent', 'waits-long', 'waits-short', 'old']);
  });

  it('filters by channel, team, label, language and priority, combined', () => {
    const state = reducer(emptyState, {
      type: 'conversations',
      items: [
        conversation('a', { inboxId: 'chat', teamId: 't-1', labels: ['vip'], priority: 'high' }),
        conversation('b', { teamId: 't-1', labels: ['rechnung'], language: 'en' }),
        conversation('c', { labels: ['vip', 'rechnung'], priority: 'high' }),
      ],
    });
    const channels = { chat: 'webchat', 'inbox-1': 'api' };
    const ids = (filter: Partial<Filter>) =>
      visibleConversations(state, { ...ALL, ...filter }, 'me', channels)
        .map((c) => c.id)
        .sort();
    expect(ids({ channel: 'webchat' })).toEqual(['a']);
    expect(ids({ channel: 'api' })).toEqual(['b', 'c']);
    expect(ids({ teamId: 't-1' })).toEqual(['a', 'b']);
    expect(ids({ label: ' VIP' })).toEqual(['a', 'c']);
    expect(ids({ label: 'vi' })).toEqual([]);
    expect(ids({ language: 'en' })).toEqual(['b']);
    expect(ids({ priority: 'high' })).toEqual(['a', 'c']);
    expect(ids({ priority: 'high', label: 'rechnung' })).toEqual(['c']);
    expect(ids({ priority: 'high', label: 'rechnung', channel: 'webchat' })).toEqual([]);
  });

  it('keeps the filter in the address bar: only what differs from the default, read back whole', () => {
    expect(filterToSearch(DEFAULT_FILTER)).toBe('');
    expect(filterFromSearch('')).toBeNull();
    const filter: Filter = {
      status: 'all',
      assignee: 'me',
      inboxId: 'inbox-7',
      channel: 'webchat',
      teamId: 'team-3',
      label: 'Rückruf & mehr',
      language: 'en',
      priority: 'urgent',
      sort: 'recent',
    };
    const search = filterToSearch(filter);
    expect(search).toContain('assignee=me');
    expect(filterFromSearch(search)).toEqual(filter);
    expect(filterKey(filterFromSearch(search)!)).toBe(filterKey(filter));
    // Nonsense in the address falls back to the default, field by field.
    expect(filterFromSearch('?status=closed&priority=vital&sort=random&assignee=me')).toEqual({
      ...DEFAULT_FILTER,
      assignee: 'me',
    });
  });

  it('takes a page of copies at once, and keeps the state itself when none of them is newer', () => {
    const page = Array.from({ length: 100 }, (_, i) => conversation(`p${i}`));
    const state = reducer(emptyState, { type: 'conversations', items: page });
    expect(Object.keys(state.conversations)).toHaveLength(100);
    expect(reducer(state, { type: 'conversations', items: page })).toBe(state);
    const newer = conversation('p7', { status: 'resolved', updatedAt: '2026-01-01T12:00:00.000Z' });
    const next = reducer(state, { type: 'conversations', items: [...page, newer] });
    expect(next.conversations['p7']!.status).toBe('resolved');
    expect(next.conversations['p8']).toBe(state.conversations['p8']);
  });

  it('starts the wait with a live customer message and ends it with a reply, never with a note', () => {
    let state: State = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    const waiting = () => state.conversations['a']!.waitingSince;
    state = reducer(state, { type: 'message', message: message('m1', 'a') });
    expect(waiting()).toBe('2026-01-01T11:00:00.000Z');
    state = reducer(state, {
      type: 'message',
      message: message('m2', 'a', { createdAt: '2026-01-01T11:05:00.000Z' }),
    });
    expect(waiting()).toBe('2026-01-01T11:00:00.000Z');
    const agent = { direction: 'out', authorType: 'user', authorId: 'me' } as const;
    state = reducer(state, {
      type: 'message',
      message: message('m3', 'a', { ...agent, kind: 'note', createdAt: '2026-01-01T11:06:00.000Z' }),
    });
    expect(waiting()).toBe('2026-01-01T11:00:00.000Z');
    state = reducer(state, {
      type: 'message',
      message: message('m4', 'a', { ...agent, createdAt: '2026-01-01T11:07:00.000Z' }),
    });
    expect(waiting()).toBeNull();
    // An older copy of the conversation (a slow list page) does not bring the wait back.
    state = reducer(state, {
      type: 'conversations',
      items: [
        conversation('a', {
          waitingSince: '2026-01-01T11:00:00.000Z',
          lastMessageAt: '2026-01-01T11:05:00.000Z',
          updatedAt: '2026-01-01T11:05:00.000Z',
        }),
      ],
    });
    expect(waiting()).toBeNull();
  });

  it('keeps a message once, whether it came from the reply or the stream, in time order', () => {
    let state: State = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    state = reducer(state, { type: 'messages', conversationId: 'a', items: [message('m1', 'a')] });
    const reply = message('m2', 'a', {
      direction: 'out',
      authorType: 'user',
      authorId: 'me',
      createdAt: '2026-01-01T11:05:00.000Z',
    });
    state = reducer(state, { type: 'message', message: reply });
    state = reducer(state, { type: 'event', event: event('message.created', { message: reply }, 7) });
    const early = message('m0', 'a', { createdAt: '2026-01-01T10:30:00.000Z' });
    state = reducer(state, { type: 'event', event: event('message.created', { message: early }, 8) });
    expect(state.messages.a!.map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    // Customer-visible text moves the conversation up.
    expect(state.conversations.a!.lastMessageAt).toBe('2026-01-01T11:05:00.000Z');
  });

  it('does not move a conversation up for an internal note', () => {
    let state = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    const note = message('n1', 'a', { kind: 'note', direction: 'out', authorType: 'user', authorId: 'me' });
    state = reducer(state, { type: 'message', message: note });
    expect(state.conversations.a!.lastMessageAt).toBe('2026-01-01T10:00:00.000Z');
  });

  it('keeps messages that arrived by the stream while the page loaded', () => {
    let state = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    state = reducer(state, { type: 'messages', conversationId: 'a', items: [] });
    const live = message('m9', 'a', { createdAt: '2026-01-01T12:00:00.000Z' });
    state = reducer(state, { type: 'message', message: live });
    state = reducer(state, { type: 'messages', conversationId: 'a', items: [message('m1', 'a')] });
    expect(state.messages.a!.map((m) => m.id)).toEqual(['m1', 'm9']);
  });

  it('applies conversation changes from the stream, never going back to an older copy', () => {
    let state = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    const resolved = conversation('a', { status: 'resolved', updatedAt: '2026-01-01T12:00:00.000Z' });
    state = reducer(state, {
      type: 'event',
      event: event('conversation.updated', { conversation: resolved }),
    });
    expect(state.conversations.a!.status).toBe('resolved');
    state = reducer(state, { type: 'conversations', items: [conversation('a')] });
    expect(state.conversations.a!.status).toBe('resolved');
    const created = conversation('b', { lastMessageAt: '2026-01-02T00:00:00.000Z' });
    state = reducer(state, {
      type: 'event',
      event: event('conversation.created', { conversation: created }),
    });
    expect(visibleConversations(state, ALL, 'me').map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('adds live messages to the contact timeline across conversations', () => {
    let state = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    state = reducer(state, { type: 'timeline', contactId: 'contact-a', items: [message('m1', 'a')] });
    const other = message('m2', 'b', { authorId: 'contact-a', createdAt: '2026-01-01T12:00:00.000Z' });
    state = reducer(state, { type: 'event', event: event('message.created', { message: other }) });
    expect(state.timelines['contact-a']!.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('forgets both contacts of a merge and points conversations at the survivor', () => {
    let state = reducer(emptyState, { type: 'conversations', items: [conversation('a')] });
    state = reducer(state, {
      type: 'contact',
      contact: {
        id: 'contact-a',
        name: 'A',
        email: null,
        phone: null,
        language: null,
        createdAt: '',
        updatedAt: '',
        identities: [],
      },
    });
    state = reducer(state, {
      type: 'event',
      event: event('contact.merged', { contact: { id: 'survivor' }, mergedContactId: 'contact-a' }),
    });
    expect(state.contacts['contact-a']).toBeUndefined();
    expect(state.conversations.a!.contactId).toBe('survivor');
  });

  it('ignores events it does not know', () => {
    expect(reducer(emptyState, { type: 'event', event: event('inbox.created', {}) })).toBe(emptyState);
  });
});
