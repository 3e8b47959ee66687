/**
 * The conversation list: filters, then a virtualised listbox (only the rows on screen exist in the
 * DOM, so ten thousand conversations scroll as smoothly as ten). Focus stays on the listbox;
 * aria-activedescendant names the selected row, arrow keys and j/k move the selection.
 */
import { useEffect, useId, type CSSProperties, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Agent, ContactDetail, Conversation, Inbox } from '../api/types.ts';
import { shortTime } from '../format.ts';
import { ALL_INBOXES, type Filter } from '../state.ts';
import { contactName } from './names.ts';

/** Rows are fixed in height: two lines, or three when the inbox is named. */
const ROW_HEIGHT = 64;
const ROW_HEIGHT_WITH_INBOX = 84;
const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;

export const optionId = (conversationId: string) => `conversation-option-${conversationId}`;

export interface ConversationListProps {
  listboxRef: RefObject<HTMLDivElement | null>;
  filter: Filter;
  onFilter: (filter: Filter) => void;
  inboxes: Inbox[];
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

function Filters({
  filter,
  onFilter,
  inboxes,
}: Pick<ConversationListProps, 'filter' | 'onFilter' | 'inboxes'>) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="filters">
      <legend className="visually-hidden">{t('filters.label')}</legend>
      <div className="field field--compact">
        <label htmlFor={`${id}-status`}>{t('filters.status')}</label>
        <select
          id={`${id}-status`}
          value={filter.status}
          onChange={(event) => onFilter({ ...filter, status: event.target.value as Filter['status'] })}
        >
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
          <option value="all">{t('filters.anyStatus')}</option>
        </select>
      </div>
      <div className="field field--compact">
        <label htmlFor={`${id}-assignee`}>{t('filters.assignee')}</label>
        <select
          id={`${id}-assignee`}
          value={filter.assignee}
          onChange={(event) => onFilter({ ...filter, assignee: event.target.value as Filter['assignee'] })}
        >
          <option value="all">{t('filters.anyone')}</option>
          <option value="me">{t('filters.me')}</option>
          <option value="unassigned">{t('filters.unassigned')}</option>
        </select>
      </div>
      <div className="field field--compact">
        <label htmlFor={`${id}-inbox`}>{t('filters.inbox')}</label>
        <select
          id={`${id}-inbox`}
          value={filter.inboxId}
          onChange={(event) => onFilter({ ...filter, inboxId: event.target.value })}
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
        </select>
      </div>
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
  onSelect: (id: string) => void;
  ensureContact: (id: string) => void;
  style: CSSProperties;
}) {
  const { t, i18n } = useTranslation();
  useEffect(() => ensureContact(conversation.contactId), [ensureContact, conversation.contactId]);
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
        <time className="row__time" dateTime={conversation.lastMessageAt}>
          {shortTime(conversation.lastMessageAt, i18n.language)}
        </time>
      </div>
      {showInbox && <div className="row__inbox">{inboxName ?? ''}</div>}
      <div className="row__bottom">
        <span className={`badge badge--${conversation.status}`}>{t(`status.${conversation.status}`)}</span>
        {priority && (
          <span className={`badge badge--priority-${conversation.priority}`}>
            {t(`priority.${conversation.priority}`)}
          </span>
        )}
        <span className="row__assignee">{assignee}</span>
      </div>
    </div>
  );
}

export function ConversationList(props: ConversationListProps) {
  const { t } = useTranslation();
  const { items, selectedId, listboxRef } = props;
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

  // The next page, when the last rows come into view.
  const lastRendered = rows[rows.length - 1]?.index ?? -1;
  const { hasMore, loading, onLoadMore } = props;
  useEffect(() => {
    if (hasMore && !loading && lastRendered >= items.length - 5) onLoadMore();
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
      <Filters filter={props.filter} onFilter={props.onFilter} inboxes={props.inboxes} />
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
