/**
 * The agent workspace: the conversation list (filters, virtualised), the open conversation, and the
 * contact beside it. One reducer holds the data; REST loads and realtime frames both feed it. The
 * open conversation is in the URL (/conversations/<id>), so a reload or a link opens it again.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, ReplyOptions } from '../api/client.ts';
import type { Agent, ContactDetail, ConversationChanges, Inbox, Message } from '../api/types.ts';
import { reason } from '../errors.ts';
import { presenceIn, usePresence } from '../presence.ts';
import { RealtimeStream, type RealtimeStatus } from '../realtime.ts';
import { isShortcutTarget, shortcutFor } from '../shortcuts.ts';
import { SuggestionsApi } from '../suggestions.ts';
import { useListFilter, useTeams } from '../list-filter.ts';
import {
  emptyState,
  filterKey,
  filterQuery,
  LIST_PAGE,
  reducer,
  visibleConversations,
  type Filter,
} from '../state.ts';
import { ContactPanel } from './ContactPanel.tsx';
import { ConsentsApi } from '../consents/api.ts';
import { CaseSharesApi } from '../case-shares/api.ts';
import { RoutingApi } from '../routing/api.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { Header } from './Header.tsx';
import { HelpDialog } from './HelpDialog.tsx';

/** A conversation opens with its newest messages; older ones load as the agent scrolls up. */
const MESSAGE_PAGE = 100;
const PATH = /^\/conversations\/([^/]+)\/?$/;

function conversationIdFromLocation(): string | null {
  const match = PATH.exec(window.location.pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function realtimeUrl(): string {
  const url = new URL('/api/v1/realtime', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

interface ListState {
  key: string;
  nextCursor: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
}

export interface WorkspaceProps {
  api: ApiClient;
  agent: Agent;
  onLogout: () => Promise<void>;
}

export function Workspace({ api, agent, onLogout }: WorkspaceProps) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(reducer, emptyState);
  const [filter, setFilter] = useListFilter();
  const [selectedId, setSelectedId] = useState<string | null>(conversationIdFromLocation);
  const [inboxes, setInboxes] = useState<Inbox[]>([]);
  const [agents, setAgents] = useState<Record<string, Agent>>({ [agent.id]: agent });
  const [realtime, setRealtime] = useState<RealtimeStatus>('connecting');
  // Bumped when the stream (re)starts without a usable cursor: everything shown is loaded again.
  const [generation, setGeneration] = useState(0);
  const teams = useTeams(api, generation);
  const [list, setList] = useState<ListState>({
    key: '',
    nextCursor: null,
    loading: true,
    loaded: false,
    error: null,
  });
  const [conversationError, setConversationError] = useState<string | null>(null);
  // Per conversation: the cursor to its older messages (null: all loaded), and whether they are loading.
  const [older, setOlder] = useState<Record<string, { cursor: string | null; loading: boolean }>>({});
  const { presence, now, onSignal, reset: resetPresence } = usePresence(agent.id);
  const streamRef = useRef<RealtimeStream | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [mode, setMode] = useState<'text' | 'note'>('text');
  const suggestionsApi = useMemo(() => new SuggestionsApi(api), [api]);
  const consentsApi = useMemo(() => new ConsentsApi(api), [api]);
  const caseSharesApi = useMemo(() => new CaseSharesApi(api), [api]);
  const routingApi = useMemo(() => new RoutingApi(api), [api]);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const listboxRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });

  const inboxChannels = useMemo(() => Object.fromEntries(inboxes.map((i) => [i.id, i.channel])), [inboxes]);
  // Only a change of the conversations re-sorts the list (not every contact or message loaded).
  const { conversations } = state;
  const items = useMemo(
    () => visibleConversations({ conversations }, filter, agent.id, inboxChannels),
    [conversations, filter, agent.id, inboxChannels],
  );
  const selected = selectedId ? state.conversations[selectedId] : undefined;
  const inboxNames = useMemo(() => Object.fromEntries(inboxes.map((i) => [i.id, i.name])), [inboxes]);

  // ---- loading ----

  useEffect(() => {
    let cancelled = false;
    api.inboxes().then(
      (result) => !cancelled && setInboxes(result.items),
      () => undefined,
    );
    api.agents().then(
      (result) => !cancelled && setAgents(Object.fromEntries(result.items.map((a) => [a.id, a]))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, generation]);

  const listRequest = useRef(0);
  const loadList = useCallback(
    async (which: Filter, cursor?: string) => {
      const key = filterKey(which);
      const request = ++listRequest.current;
      setList((current) => ({
        key,
        nextCursor: current.key === key ? current.nextCursor : null,
        loading: true,
        loaded: current.key === key && current.loaded,
        error: null,
      }));
      try {
        const page = await api.conversations({ ...filterQuery(which, agent.id), cursor, limit: LIST_PAGE });
        if (request !== listRequest.current) return;
        dispatch({ type: 'conversations', items: page.items });
        setList({ key, nextCursor: page.nextCursor, loading: false, loaded: true, error: null });
      } catch (error) {
        if (request !== listRequest.current) return;
        setList((current) => ({ ...current, loading: false, error: reason(error, t) }));
      }
    },
    [api, agent.id, t],
  );

  useEffect(() => {
    void loadList(filter);
  }, [filter, loadList, generation]);

  useEffect(() => {
    if (!selectedId) return;
    let cancelled = false;
    setConversationError(null);
    Promise.all([
      api.conversation(selectedId),
      api.messages(selectedId, undefined, 'newest', MESSAGE_PAGE),
    ]).then(
      ([conversation, page]) => {
        if (cancelled) return;
        dispatch({ type: 'conversations', items: [conversation] });
        dispatch({ type: 'messages', conversationId: selectedId, items: page.items.reverse() });
        setOlder((current) => ({ ...current, [selectedId]: { cursor: page.nextCursor, loading: false } }));
      },
      (error: unknown) => !cancelled && setConversationError(reason(error, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, selectedId, generation, t]);

  const loadOlder = useCallback(() => {
    const id = selectedId;
    const page = id ? older[id] : undefined;
    if (!id || !page?.cursor || page.loading) return;
    setOlder((current) => ({ ...current, [id]: { cursor: page.cursor, loading: true } }));
    api.messages(id, page.cursor, 'newest', MESSAGE_PAGE).then(
      (result) => {
        dispatch({ type: 'messages', conversationId: id, items: result.items.reverse() });
        setOlder((current) => ({ ...current, [id]: { cursor: result.nextCursor, loading: false } }));
      },
      (error: unknown) => {
        setOlder((current) => ({ ...current, [id]: { cursor: page.cursor, loading: false } }));
        setConversationError(reason(error, t));
      },
    );
  }, [api, selectedId, older, t]);

  const contactId = selected?.contactId;
  useEffect(() => {
    if (!contactId) return;
    let cancelled = false;
    api.contact(contactId).then(
      (contact) => !cancelled && dispatch({ type: 'contact', contact }),
      () => undefined,
    );
    api
      .all((cursor) => api.timeline(contactId, cursor), 5)
      .then(
        (items) => !cancelled && dispatch({ type: 'timeline', contactId, items }),
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [api, contactId, generation]);

  // Names for the list rows: only the contacts of rows on screen are asked for, each once. They
  // arrive in bursts while the list scrolls: one state change per frame, not one per name.
  const requestedContacts = useRef(new Set<string>());
  const arrivedContacts = useRef<ContactDetail[]>([]);
  const ensureContact = useCallback(
    (id: string) => {
      if (requestedContacts.current.has(id) || stateRef.current.contacts[id]) return;
      requestedContacts.current.add(id);
      api.contact(id).then(
        (contact) => {
          if (arrivedContacts.current.push(contact) > 1) return;
          requestAnimationFrame(() =>
            dispatch({ type: 'contacts', items: arrivedContacts.current.splice(0) }),
          );
        },
        () => requestedContacts.current.delete(id),
      );
    },
    [api],
  );

  // ---- realtime ----

  useEffect(() => {
    const fetching = new Set<string>();
    const stream = new RealtimeStream({
      url: realtimeUrl(),
      onStatus: setRealtime,
      onReady: ({ fresh }) => {
        if (fresh) setGeneration((n) => n + 1);
      },
      onSignal,
      onEvent: (event) => {
        dispatch({ type: 'event', event });
        // A message in a conversation this page has not loaded yet (an older one): fetch it, so it
        // rises to the top of the list.
        const id = event.conversationId;
        if (
          event.type === 'message.created' &&
          id &&
          !stateRef.current.conversations[id] &&
          !fetching.has(id)
        ) {
          fetching.add(id);
          api.conversation(id).then(
            (conversation) => {
              fetching.delete(id);
              dispatch({ type: 'conversations', items: [conversation] });
            },
            () => fetching.delete(id),
          );
        }
      },
    });
    streamRef.current = stream;
    stream.start();
    const retry = () => stream.retryNow();
    const visible = () => document.visibilityState === 'visible' && stream.retryNow();
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', visible);
      stream.stop();
      streamRef.current = null;
      resetPresence();
    };
  }, [api, onSignal, resetPresence]);

  // Read receipts: a customer message shown here is read (the customer's widget says so).
  const newestFromCustomer = selectedId
    ? state.messages[selectedId]?.findLast((m) => m.authorType === 'contact')?.id
    : undefined;
  useEffect(() => {
    if (!selectedId || !newestFromCustomer) return;
    api.markRead(selectedId).then(
      (conversation) => dispatch({ type: 'conversations', items: [conversation] }),
      () => undefined, // best effort, like typing
    );
  }, [api, selectedId, newestFromCustomer]);

  // The other agents see which conversation is open here (collision warning).
  useEffect(() => {
    streamRef.current?.view(selectedId);
  }, [selectedId]);

  // ---- navigation ----

  const select = useCallback((id: string) => {
    setSelectedId(id);
    setActionError(null);
    const path = `/conversations/${encodeURIComponent(id)}`;
    // The list's filter (the search part) stays as it is.
    if (window.location.pathname !== path) window.history.pushState(null, '', path + window.location.search);
  }, []);

  useEffect(() => {
    const onPop = () => setSelectedId(conversationIdFromLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Where the selection stood in the list: after it leaves the list (resolved under "open"),
  // j goes on from the same place.
  const lastIndex = useRef(0);
  const selectedIndex = selectedId ? items.findIndex((c) => c.id === selectedId) : -1;
  useLayoutEffect(() => {
    if (selectedIndex >= 0) lastIndex.current = selectedIndex;
  });

  const move = useCallback(
    (step: 1 | -1) => {
      if (items.length === 0) return;
      let index: number;
      if (selectedIndex >= 0) index = selectedIndex + step;
      else if (selectedId) index = step === 1 ? lastIndex.current : lastIndex.current - 1;
      else index = 0;
      index = Math.max(0, Math.min(items.length - 1, index));
      const next = items[index];
      if (next) select(next.id);
    },
    [items, selectedIndex, selectedId, select],
  );

  // ---- actions ----

  const change = useCallback(
    async (changes: ConversationChanges) => {
      if (!selectedId) return;
      setActionError(null);
      try {
        const updated = await api.updateConversation(selectedId, changes);
        dispatch({ type: 'conversations', items: [updated] });
      } catch (error) {
        setActionError(reason(error, t));
      }
    },
    [api, selectedId, t],
  );

  const toggleResolved = useCallback(() => {
    if (!selected) return;
    void change({ status: selected.status === 'resolved' ? 'open' : 'resolved' });
  }, [change, selected]);

  const assignToMe = useCallback(() => {
    if (!selected || selected.assigneeId === agent.id) return;
    void change({ assigneeId: agent.id });
  }, [change, selected, agent.id]);

  const send = useCallback(
    async (
      text: string,
      kind: 'text' | 'note',
      attachments: string[],
      options?: ReplyOptions,
    ): Promise<Message> => {
      if (!selectedId) throw new Error('no conversation');
      const message = await api.reply(selectedId, text, kind, attachments, options);
      dispatch({ type: 'message', message });
      return message;
    },
    [api, selectedId],
  );

  const typing = useCallback(
    (conversationId: string, isTyping: boolean) => {
      // Best effort: a lost typing signal is no error worth showing.
      api.typing(conversationId, isTyping).catch(() => undefined);
    },
    [api],
  );

  const upload = useCallback(
    (conversationId: string, file: File) =>
      api.uploadAttachment(conversationId, file, file.name || 'attachment'),
    [api],
  );

  const focusComposer = useCallback((next: 'text' | 'note') => {
    setMode(next);
    composerRef.current?.focus();
  }, []);

  // ---- keyboard ----

  const keys = useRef({ move, focusComposer, toggleResolved, assignToMe, helpOpen, hasSelection: false });
  useLayoutEffect(() => {
    keys.current = { move, focusComposer, toggleResolved, assignToMe, helpOpen, hasSelection: !!selected };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const k = keys.current;
      if (k.helpOpen || !isShortcutTarget(event)) return;
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      if (shortcut === 'help') setHelpOpen(true);
      else if (shortcut === 'next') k.move(1);
      else if (shortcut === 'previous') k.move(-1);
      else if (!k.hasSelection) return;
      else if (shortcut === 'reply') k.focusComposer('text');
      else if (shortcut === 'note') k.focusComposer('note');
      else if (shortcut === 'resolve') k.toggleResolved();
      else if (shortcut === 'assign') k.assignToMe();
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const contact = selected ? state.contacts[selected.contactId] : undefined;
  const hasMore = list.key === filterKey(filter) && list.nextCursor !== null;

  return (
    <div className="workspace">
      <a className="skip-link" href="#conversation">
        {t('app.skipToConversation')}
      </a>
      <a className="skip-link" href="#conversation-list">
        {t('app.skipToList')}
      </a>
      <Header
        agent={agent}
        api={api}
        realtime={realtime}
        onHelp={() => setHelpOpen(true)}
        onLogout={() => void onLogout()}
      />
      <div className="panes">
        <ConversationList
          listboxRef={listboxRef}
          filter={filter}
          onFilter={setFilter}
          inboxes={inboxes}
          teams={teams}
          items={items}
          selectedId={selectedId}
          onSelect={select}
          onMove={move}
          contacts={state.contacts}
          ensureContact={ensureContact}
          inboxNames={inboxNames}
          agents={agents}
          me={agent.id}
          loading={list.loading}
          loaded={list.loaded && list.key === filterKey(filter)}
          error={list.error}
          onRetry={() => void loadList(filter)}
          hasMore={hasMore}
          onLoadMore={() => {
            if (list.nextCursor && !list.loading) void loadList(filter, list.nextCursor);
          }}
        />
        <ConversationView
          conversation={selected}
          selectedId={selectedId}
          messages={selectedId ? state.messages[selectedId] : undefined}
          contact={contact}
          inboxName={selected ? inboxNames[selected.inboxId] : undefined}
          agents={agents}
          me={agent.id}
          error={conversationError}
          actionError={actionError}
          mode={mode}
          onMode={setMode}
          composerRef={composerRef}
          onSend={send}
          onTyping={typing}
          onUpload={upload}
          onChange={(changes) => void change(changes)}
          hasOlder={selectedId ? !!older[selectedId]?.cursor : false}
          loadingOlder={selectedId ? !!older[selectedId]?.loading : false}
          onLoadOlder={loadOlder}
          presence={selectedId ? presenceIn(presence, selectedId, now) : undefined}
          channelOf={(inboxId) => inboxChannels[inboxId]}
          onToggleResolved={toggleResolved}
          onAssignToMe={assignToMe}
          onLeaveComposer={() => listboxRef.current?.focus()}
          suggestionsApi={suggestionsApi}
          triageApi={routingApi}
        />
        <ContactPanel
          conversation={selected}
          contact={contact}
          timeline={selected ? state.timelines[selected.contactId] : undefined}
          inboxNames={inboxNames}
          agents={agents}
          me={agent.id}
          onOpen={select}
          consents={consentsApi}
          caseShares={caseSharesApi}
        />
      </div>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
