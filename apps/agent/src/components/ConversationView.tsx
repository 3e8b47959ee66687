/** The open conversation: who and where, status and assignment, the messages, and the composer. */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, ContactDetail, Conversation, Message } from '../api/types.ts';
import { Composer } from './Composer.tsx';
import { MessageItem } from './MessageItem.tsx';
import { contactName } from './names.ts';

export interface ConversationViewProps {
  conversation: Conversation | undefined;
  selectedId: string | null;
  messages: Message[] | undefined;
  contact: ContactDetail | undefined;
  inboxName: string | undefined;
  agents: Record<string, Agent>;
  me: string;
  error: string | null;
  actionError: string | null;
  mode: 'text' | 'note';
  onMode: (mode: 'text' | 'note') => void;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string, kind: 'text' | 'note') => Promise<Message>;
  onToggleResolved: () => void;
  onAssignToMe: () => void;
  onLeaveComposer: () => void;
}

/** Follows new messages while the reader is at the bottom; leaves them alone when they scrolled up. */
function useStickToBottom(element: RefObject<HTMLElement | null>, key: string | null, count: number) {
  const stuck = useRef(true);
  const lastKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    if (lastKey.current !== key) {
      lastKey.current = key;
      stuck.current = true;
    }
    if (stuck.current) node.scrollTop = node.scrollHeight;
  }, [element, key, count]);
  return () => {
    const node = element.current;
    if (node) stuck.current = node.scrollHeight - node.scrollTop - node.clientHeight < 48;
  };
}

export function ConversationView(props: ConversationViewProps) {
  const { t } = useTranslation();
  const { conversation, messages } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const onScroll = useStickToBottom(scroller, props.selectedId, messages?.length ?? 0);

  if (!props.selectedId) {
    return (
      <main id="conversation" className="pane pane--conversation" tabIndex={-1}>
        <div className="empty-state">
          <h2>{t('conversation.none')}</h2>
          <p>{t('conversation.noneHint')}</p>
        </div>
      </main>
    );
  }

  if (!conversation) {
    return (
      <main id="conversation" className="pane pane--conversation" tabIndex={-1}>
        <div className="empty-state">
          {props.error ? (
            <p role="alert">{t('conversation.error', { reason: props.error })}</p>
          ) : (
            <p role="status">{t('conversation.loading')}</p>
          )}
        </div>
      </main>
    );
  }

  const name = contactName(props.contact, t('contact.unknown'));
  const resolved = conversation.status === 'resolved';
  const mine = conversation.assigneeId === props.me;
  const assignee =
    conversation.assigneeId === null
      ? t('conversation.unassigned')
      : mine
        ? t('conversation.assignedToYou')
        : t('conversation.assignedTo', { name: props.agents[conversation.assigneeId]?.name ?? '…' });

  return (
    <main
      id="conversation"
      className="pane pane--conversation"
      tabIndex={-1}
      aria-labelledby="conversation-title"
      data-conversation-id={conversation.id}
    >
      <div className="conversation-header">
        <div className="conversation-header__who">
          <h2 id="conversation-title">{props.contact ? name : '…'}</h2>
          <p className="conversation-header__meta">
            <span className={`badge badge--${conversation.status}`} data-status={conversation.status}>
              {t(`status.${conversation.status}`)}
            </span>
            {conversation.priority !== 'none' && (
              <span className={`badge badge--priority-${conversation.priority}`}>
                {t(`priority.${conversation.priority}`)}
              </span>
            )}
            {props.inboxName && <span>{props.inboxName}</span>}
            <span data-assignee="">{assignee}</span>
          </p>
        </div>
        <div className="conversation-header__actions" role="group" aria-label={t('conversation.actions')}>
          <button
            type="button"
            className="button"
            onClick={props.onAssignToMe}
            disabled={mine}
            aria-keyshortcuts="a"
          >
            {mine ? t('conversation.assignedToYou') : t('conversation.assignToMe')}
            <kbd aria-hidden="true">a</kbd>
          </button>
          <button
            type="button"
            className={resolved ? 'button' : 'button button--success'}
            onClick={props.onToggleResolved}
            aria-keyshortcuts="e"
          >
            {resolved ? t('conversation.reopen') : t('conversation.resolve')}
            <kbd aria-hidden="true">e</kbd>
          </button>
        </div>
      </div>
      {props.actionError && (
        <p className="notice notice--error" role="alert">
          {t('conversation.actionFailed', { reason: props.actionError })}
        </p>
      )}
      <div className="timeline" ref={scroller} onScroll={onScroll}>
        <h3 className="visually-hidden">{t('conversation.messages')}</h3>
        {/* role=log: screen readers announce messages that arrive while the agent works here */}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label={t('conversation.messages')}>
          {messages === undefined ? (
            props.error ? (
              <p role="alert">{t('conversation.error', { reason: props.error })}</p>
            ) : (
              <p className="muted">{t('conversation.loading')}</p>
            )
          ) : messages.length === 0 ? (
            <p className="muted">{t('conversation.noMessages')}</p>
          ) : (
            <ol className="messages">
              {messages.map((message) => (
                <MessageItem
                  key={message.id}
                  message={message}
                  customerName={name}
                  agents={props.agents}
                  me={props.me}
                />
              ))}
            </ol>
          )}
        </div>
      </div>
      <Composer
        key={conversation.id}
        conversationId={conversation.id}
        mode={props.mode}
        onMode={props.onMode}
        textareaRef={props.composerRef}
        onSend={props.onSend}
        onLeave={props.onLeaveComposer}
      />
    </main>
  );
}
