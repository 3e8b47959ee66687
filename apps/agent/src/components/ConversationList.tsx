/**
 * The conversation list: filters (kept in the address bar), then a virtualised listbox (only the
 * rows on screen exist in the DOM, so ten thousand conversations scroll as smoothly as ten; the next
 * page is fetched as the end comes into view). Focus stays on the listbox; aria-activedescendant
 * names the selected row, arrow keys and j/k move the selection and scroll it into view. Each row says
 * how long its customer has waited, updated every half minute.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Agent, ContactDetail, Conversation, Inbox, Team } from '../api/types.ts';
import { fullTime, shortTime, waitingDuration } from '../format.ts';
import {
  ALL,
  ALL_INBOXES,
  CHANNELS,
  DEFAULT_FILTER,
  LANGUAGES,
  PRIORITIES,
  SORTS,
  STATUSES,
  type Filter,
} from '../state.ts';
import { contactName } from './names.ts';
import { SlaBadge } from '../sla/SlaBadge.tsx';

/** Rows are fixed in height: two lines, or three when the inbox is named. */
const ROW_HEIGHT = 64;
const ROW_HEIGHT_WITH_INBOX = 84;
/** How often the waiting times are brought up to date. */
const TICK_MS = 30_000;
/** A typed label filters once typing pauses this long (or on Enter), not on every key. */
const LABEL_DELAY_MS = 400;
/** Fetch the next page when the rows on screen come this close to the last loaded one. */
const PREFETCH_ROWS = 60;
/** A row asks for its contact's name once it has stayed on screen this long: a fast scroll asks for none. */
const NAME_DELAY_MS = 120;
/** The filters behind "More filters". */
const MORE: (keyof Filter)[] = ['channel', 'teamId', 'label', 'language', 'priority'];

export const optionId = (conversationId: string) => `conversation-option-${conversationId}`;

export interface ConversationListProps {
  listboxRef: RefObject<HTMLDivElement | null>;
  filter: Filter;
  onFilter: (filter: Filter) => void;
  inboxes: Inbox[];
  teams: Team[];
  items: Conversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (step: 1 | -1) => void;
  contacts: Record<string, ContactDetail>;
  ensureContact: (id: string) => void;
  inboxNames: Record<string, string>;
  agents: Record<string, Agent>;
  me: string;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  onRetry: () => void;
  hasMore: boolean;
  onLoadMore: () => void;
}

/** The current time, renewed every `every` ms while mounted. */
function useNow(every: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

function Select({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="field field--compact">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** The label filter: free text, applied when typing pauses or on Enter. */
function LabelInput({
  id,
  value,
  onCommit,
}: {
  id: string;
  value: string;
  onCommit: (label: string) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const commit = useRef(onCommit);
  useLayoutEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commit.current(draft), LABEL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <div className="field field--compact">
      <label htmlFor={id}>{t('filters.labelFilter')}</label>
      <input
        id={id}
        type="search"
        maxLength={50}
        value={draft}
        placeholder={t('filters.labelPlaceholder')}
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onCommit(draft);
        }}
      />
    </div>
  );
}

function Filters({
  filter,
  onFilter,
  inboxes,
  teams,
}: Pick<ConversationListProps, 'filter' | 'onFilter' | 'inboxes' | 'teams'>) {
  const { t } = useTranslation();
  const id = useId();
  const set =
    <K extends keyof Filter>(key: K) =>
    (value: string) =>
      onFilter({ ...filter, [key]: value as Filter[K] });
  const active = MORE.filter((key) => filter[key] !== DEFAULT_FILTER[key]).length;
  // Open while one of its filters is set, so what narrows the list is never hidden.
  const [open, setOpen] = useState(active > 0);
  const changed = (Object.keys(DEFAULT_FILTER) as (keyof Filter)[]).some(
    (key) => key !== 'sort' && filter[key] !== DEFAULT_FILTER[key],
  );
  return (
    <fieldset className="filters">
      <legend className="visually-hidden">{t('filters.label')}</legend>
      <div className="filters__grid">
        <Select
          id={`${id}-status`}
          label={t('filters.status')}
          value={filter.status}
          onChange={set('status')}
        >
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
          <option value={ALL}>{t('filters.anyStatus')}</option>
        </Select>
        <Select
          id={`${id}-assignee`}
          label={t('filters.assignee')}
          value={filter.assignee}
          onChange={set('assignee')}
        >
          <option value={ALL}>{t('filters.anyone')}</option>
          <option value="me">{t('filters.me')}</option>
          <option value="unassigned">{t('filters.unassigned')}</option>
        </Select>
        <Select
          id={`${id}-inbox`}
          label={t('filters.inbox')}
          value={filter.inboxId}
          onChange={set('inboxId')}
        >
          <option value={ALL_INBOXES}>{t('filters.allInboxes')}</option>
          {inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
          {filter.inboxId !== ALL_INBOXES && !inboxes.some((i) => i.id === filter.inboxId) && (
            <option value={filter.inboxId}>…</option>
          )}
        </Select>
        <Select id={`${id}-sort`} label={t('filters.sort')} value={filter.sort} onChange={set('sort')}>
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(sort === 'waiting' ? 'filters.sortWaiting' : 'filters.sortRecent')}
            </option>
          ))}
        </Select>
      </div>
      <details
        className="filters__more"
        open={open}
        onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
      >
        <summary>{active > 0 ? t('filters.moreActive', { count: active }) : t('filters.more')}</summary>
        <div className="filters__grid">
          <Select
            id={`${id}-channel`}
            label={t('filters.channel')}
            value={filter.channel}
            onChange={set('channel')}
          >
            <option value={ALL}>{t('filters.allChannels')}</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`filters.channels.${channel}`)}
              </option>
            ))}
          </Select>
          <Select id={`${id}-team`} label={t('filters.team')} value={filter.teamId} onChange={set('teamId')}>
            <option value={ALL}>{t('filters.allTeams')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
            {filter.teamId !== ALL && !teams.some((team) => team.id === filter.teamId) && (
              <option value={filter.teamId}>…</option>
            )}
          </Select>
          <LabelInput id={`${id}-label`} value={filter.label} onCommit={set('label')} />
          <Select
            id={`${id}-language`}
            label={t('filters.language')}
            value={filter.language}
            onChange={set('language')}
          >
            <option value={ALL}>{t('filters.anyLanguage')}</option>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`filters.languages.${language}`)}
              </option>
            ))}
          </Select>
          <Select
            id={`${id}-priority`}
            label={t('filters.priority')}
            value={filter.priority}
            onChange={set('priority')}
          >
            <option value={ALL}>{t('filters.anyPriority')}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </Select>
        </div>
      </details>
      {changed && (
        <button
          type="button"
          className="filters__reset"
          onClick={() => onFilter({ ...DEFAULT_FILTER, sort: filter.sort })}
        >
          {t('filters.reset')}
        </button>
      )}
    </fieldset>
  );
}

function Row({
  conversation,
  selected,
  contact,
  inboxName,
  assignee,
  showInbox,
  index,
  count,
  now,
  onSelect,
  ensureContact,
  style,
}: {
  conversation: Conversation;
  selected: boolean;
  contact: ContactDetail | undefined;
  inboxName: string | undefined;
  assignee: string;
  showInbox: boolean;
  index: number;
  count: number;
  now: number;
  onSelect: (id: string) => void;
  ensureContact: (id: string) => void;
  style: CSSProperties;
}) {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(() => ensureContact(conversation.contactId), NAME_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ensureContact, conversation.contactId]);
  const priority = conversation.priority === 'high' || conversation.priority === 'urgent';
  return (
    <div
      id={optionId(conversation.id)}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      data-conversation-id={conversation.id}
      className={selected ? 'row row--selected' : 'row'}
      style={style}
      onClick={() => onSelect(conversation.id)}
    >
      <div className="row__top">
        <span className="row__name">{contact ? contactName(contact, t('contact.unknown')) : '…'}</span>
        {conversation.waitingSince ? (
          <time
            className="row__time row__waiting"
            dateTime={conversation.waitingSince}
            title={fullTime(conversation.waitingSince, i18n.language)}
          >
            {t('list.waiting', { duration: waitingDuration(conversation.waitingSince, i18n.language, now) })}
          </time>
        ) : (
          <time
            className="row__time"
            dateTime={conversation.lastMessageAt}
            title={fullTime(conversation.lastMessageAt, i18n.language)}
          >
            {shortTime(conversation.lastMessageAt, i18n.language)}
          </time>
        )}
      </div>
      {showInbox && <div className="row__inbox">{inboxName ?? ''}</div>}
      <div className="row__bottom">
        <span className={`badge badge--${conversation.status}`}>{t(`status.${conversation.status}`)}</span>
        {priority && (
          <span className={`badge badge--priority-${conversation.priority}`}>
            {t(`priority.${conversation.priority}`)}
          </span>
        )}
        <SlaBadge sla={conversation.sla} compact />
        <span className="row__assignee">{assignee}</span>
      </div>
    </div>
  );
}

export function ConversationList(props: ConversationListProps) {
  const { t } = useTranslation();
  const { items, selectedId, listboxRef } = props;
  const now = useNow(TICK_MS);
  // The inbox is worth a line only when the list mixes inboxes.
  const showInbox = props.inboxes.length > 1 && props.filter.inboxId === ALL_INBOXES;
  const rowHeight = showInbox ? ROW_HEIGHT_WITH_INBOX : ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => listboxRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const rows = virtualizer.getVirtualItems();
  const selectedIndex = selectedId ? items.findIndex((c) => c.id === selectedId) : -1;
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  // Keep the selected row on screen (j/k, or a conversation opened from elsewhere).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // The next page, while the last loaded rows are still a screen away: scrolling rarely has to wait.
  const lastRendered = rows[rows.length - 1]?.index ?? -1;
  const { hasMore, loading, onLoadMore } = props;
  useEffect(() => {
    if (hasMore && !loading && lastRendered >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loading, lastRendered, items.length, onLoadMore]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      props.onMove(event.key === 'ArrowDown' ? 1 : -1);
    } else if ((event.key === 'Home' || event.key === 'End') && items.length > 0) {
      event.preventDefault();
      const target = event.key === 'Home' ? items[0] : items[items.length - 1];
      if (target) props.onSelect(target.id);
    } else if ((event.key === 'Enter' || event.key === ' ') && selectedIndex < 0 && items[0]) {
      event.preventDefault();
      props.onSelect(items[0].id);
    }
  }

  const assigneeName = (conversation: Conversation) =>
    conversation.assigneeId === null
      ? t('list.unassigned')
      : conversation.assigneeId === props.me
        ? t('list.assignedToYou')
        : (props.agents[conversation.assigneeId]?.name ?? '');

  return (
    <nav className="pane pane--list" aria-labelledby="list-heading">
      <div className="list-header">
        <h2 id="list-heading">{t('list.heading')}</h2>
        <span className="list-count" aria-live="polite">
          {props.loaded || items.length > 0 ? t('list.count', { count: items.length }) : ''}
        </span>
      </div>
      <Filters filter={props.filter} onFilter={props.onFilter} inboxes={props.inboxes} teams={props.teams} />
      {props.error && (
        <div className="notice notice--error" role="alert">
          <p>{t('list.error', { reason: props.error })}</p>
          <button type="button" className="button" onClick={props.onRetry}>
            {t('list.retry')}
          </button>
        </div>
      )}
      <div
        id="conversation-list"
        ref={listboxRef}
        className="list"
        role="listbox"
        aria-labelledby="list-heading"
        aria-activedescendant={selectedIndex >= 0 && selectedId ? optionId(selectedId) : undefined}
        aria-busy={props.loading}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" className="list__inner" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const conversation = items[row.index];
            if (!conversation) return null;
            return (
              <Row
                key={row.key}
                conversation={conversation}
                selected={conversation.id === selectedId}
                contact={props.contacts[conversation.contactId]}
                inboxName={props.inboxNames[conversation.inboxId]}
                assignee={assigneeName(conversation)}
                showInbox={showInbox}
                index={row.index}
                count={items.length}
                now={now}
                onSelect={props.onSelect}
                ensureContact={props.ensureContact}
                style={{ height: row.size, transform: `translateY(${row.start}px)` }}
              />
            );
          })}
        </div>
      </div>
      {items.length === 0 && !props.error && (
        <p className="list-empty">{props.loading && !props.loaded ? t('list.loading') : t('list.empty')}</p>
      )}
      {items.length > 0 && props.loading && hasMore && <p className="list-more">{t('list.loadingMore')}</p>}
    </nav>
  );
}
