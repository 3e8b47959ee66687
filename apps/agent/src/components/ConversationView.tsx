/**
 * The open conversation: who and where, status and assignment, the messages (its newest end first;
 * older pages load as the agent scrolls up), who else is here (collision warning), and the composer.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Agent,
  ContactDetail,
  Conversation,
  ConversationChanges,
  Inbox,
  Message,
  UploadedAttachment,
} from '../api/types.ts';
import type { ReplyOptions } from '../api/client.ts';
import type { ConversationPresence } from '../presence.ts';
import { insertionText, sentOutcome, type Suggestion, type SuggestionsApi } from '../suggestions.ts';
import { Composer } from './Composer.tsx';
import { ConversationControls } from './ConversationControls.tsx';
import { SlaBadge } from '../sla/SlaBadge.tsx';
import { MessageItem } from './MessageItem.tsx';
import { contactName } from './names.ts';
import { SuggestionsPanel } from './SuggestionsPanel.tsx';
import type { RoutingApi } from '../routing/api.ts';
import { TriageChips } from '../routing/TriageChips.tsx';

/** Older messages load when the reader comes this close to the top. */
const LOAD_OLDER_AT_PX = 200;

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
  onSend: (
    text: string,
    kind: 'text' | 'note',
    attachments: string[],
    options?: ReplyOptions,
  ) => Promise<Message>;
  onTyping: (conversationId: string, typing: boolean) => void;
  onUpload: (conversationId: string, file: File) => Promise<UploadedAttachment>;
  onChange: (changes: ConversationChanges) => void;
  onToggleResolved: () => void;
  onAssignToMe: () => void;
  onLeaveComposer: () => void;
  /** Whether older messages than those loaded exist, and whether they are loading now. */
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Who else is in this conversation now. */
  presence: ConversationPresence | undefined;
  channelOf: (inboxId: string) => Inbox['channel'] | undefined;
  /** Knowledge suggestions for the customer's newest message; without it, no panel. */
  suggestionsApi?: SuggestionsApi;
  /** Triage signals of the newest customer message (chips under the header); without it, none. */
  triageApi?: RoutingApi;
}

/** A suggestion put into the reply, remembered until the reply is sent (to report accepted or edited). */
interface Insertion {
  id: number;
  conversationId: string;
  messageId: string | null;
  articleId: string;
  text: string;
}

let insertionSequence = 0;

/**
 * Inserting suggestions into the composer, and after a reply goes out, telling the knowledge base
 * whether the agent sent the article's answer as it was (accepted) or changed it (edited).
 */
function useSuggestionInsertion(
  conversationId: string | null,
  api: SuggestionsApi | undefined,
  onSend: ConversationViewProps['onSend'],
) {
  const [insertion, setInsertion] = useState<Insertion | null>(null);
  const insert = useCallback(
    (suggestion: Suggestion, messageId: string | null) => {
      if (!conversationId) return;
      setInsertion({
        id: ++insertionSequence,
        conversationId,
        messageId,
        articleId: suggestion.articleId,
        text: insertionText(suggestion, window.location.origin),
      });
    },
    [conversationId],
  );
  const send = useCallback(
    async (text: string, kind: 'text' | 'note', attachments: string[], options?: ReplyOptions) => {
      const message = await onSend(text, kind, attachments, options);
      if (insertion && kind === 'text' && insertion.conversationId === conversationId) {
        const outcome = sentOutcome(insertion.text, text);
        if (outcome && insertion.messageId && api)
          api
            .feedback(insertion.conversationId, {
              messageId: insertion.messageId,
              articleId: insertion.articleId,
              outcome,
            })
            .catch(() => undefined); // best effort: the reply itself went out
        setInsertion(null);
      }
      return message;
    },
    [onSend, insertion, conversationId, api],
  );
  // An insertion made in another conversation is not this composer's.
  const current = insertion && insertion.conversationId === conversationId ? insertion : null;
  return { insertion: current, insert, send };
}

/**
 * Follows new messages while the reader is at the bottom; leaves them alone when they scrolled up.
 * Older messages put above keep what the reader sees where it was (the distance to the bottom stays).
 */
function useStickToBottom(
  element: RefObject<HTMLElement | null>,
  key: string | null,
  messages: Message[] | undefined,
) {
  const stuck = useRef(true);
  const lastKey = useRef<string | null>(null);
  const firstId = useRef<string | undefined>(undefined);
  const fromBottom = useRef(0);
  const first = messages?.[0]?.id;
  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    if (lastKey.current !== key) {
      lastKey.current = key;
      stuck.current = true;
    }
    if (stuck.current) node.scrollTop = node.scrollHeight;
    else if (firstId.current !== undefined && first !== firstId.current)
      node.scrollTop = node.scrollHeight - node.clientHeight - fromBottom.current;
    firstId.current = first;
    fromBottom.current = node.scrollHeight - node.clientHeight - node.scrollTop;
  }, [element, key, messages, first]);
  return () => {
    const node = element.current;
    if (!node) return;
    fromBottom.current = node.scrollHeight - node.clientHeight - node.scrollTop;
    stuck.current = fromBottom.current < 48;
  };
}

/** "Ben", "Ben and Anna": names as the agent's language lists them. */
function names(ids: string[], agents: Record<string, Agent>, language: string, fallback: string): string {
  const list = ids.map((id) => agents[id]?.name ?? fallback);
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(list);
  } catch {
    return list.join(', ');
  }
}

export function ConversationView(props: ConversationViewProps) {
  const { t, i18n } = useTranslation();
  const { conversation, messages, presence } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const followScroll = useStickToBottom(scroller, props.selectedId, messages);
  const suggestions = useSuggestionInsertion(props.selectedId, props.suggestionsApi, props.onSend);
  const onScroll = () => {
    followScroll();
    const node = scroller.current;
    if (node && node.scrollTop < LOAD_OLDER_AT_PX && props.hasOlder && !props.loadingOlder)
      props.onLoadOlder();
  };

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
  const channel = props.channelOf(conversation.inboxId);
  const typists = presence?.typingIds ?? [];
  // Someone writing is said so once, as writing (the stronger warning).
  const viewers = (presence?.viewerIds ?? []).filter((id) => !typists.includes(id));
  const resolved = conversation.status === 'resolved';
  // The customer's newest message: when another arrives (realtime), the suggestions load again.
  const newestFromCustomer = messages?.findLast((m) => m.authorType === 'contact')?.id ?? null;
  // Read receipt: the newest reply the customer has read.
  const readAt = conversation.contactLastReadAt;
  const readReplyId = readAt
    ? messages?.findLast((m) => m.kind === 'text' && m.authorType === 'user' && m.createdAt <= readAt)?.id
    : undefined;
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
            <SlaBadge sla={conversation.sla} />
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
      <ConversationControls
        conversation={conversation}
        agents={props.agents}
        me={props.me}
        onChange={props.onChange}
      />
      {props.triageApi && (
        <TriageChips
          api={props.triageApi}
          conversation={conversation}
          newestCustomerMessageId={newestFromCustomer}
        />
      )}
      {props.actionError && (
        <p className="notice notice--error" role="alert">
          {t('conversation.actionFailed', { reason: props.actionError })}
        </p>
      )}
      <div className="timeline" ref={scroller} onScroll={onScroll}>
        <h3 className="visually-hidden">{t('conversation.messages')}</h3>
        {/* role=log: screen readers announce messages that arrive while the agent works here */}
        {props.hasOlder && (
          <p className="timeline__older">
            <button
              type="button"
              className="button button--link"
              onClick={props.onLoadOlder}
              disabled={props.loadingOlder}
              data-load-older=""
            >
              {props.loadingOlder ? t('conversation.loadingOlder') : t('conversation.loadOlder')}
            </button>
          </p>
        )}
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
                  channel={channel}
                  read={message.id === readReplyId}
                />
              ))}
            </ol>
          )}
        </div>
      </div>
      {/* Collision warning: the other agents here, and who of them is writing. */}
      <div className="presence" role="status" aria-live="polite" data-presence="">
        {typists.length > 0 && (
          <p className="presence__line presence__line--typing" data-replying="">
            {t('conversation.replying', {
              names: names(typists, props.agents, i18n.language, t('message.agent')),
            })}
          </p>
        )}
        {viewers.length > 0 && (
          <p className="presence__line" data-viewing="">
            {t('conversation.viewing', {
              names: names(viewers, props.agents, i18n.language, t('message.agent')),
            })}
          </p>
        )}
        {presence?.customerTyping && (
          <p className="presence__line presence__line--customer">{t('conversation.customerTyping')}</p>
        )}
      </div>
      {props.suggestionsApi && messages !== undefined && (
        <SuggestionsPanel
          key={`suggestions-${conversation.id}`}
          api={props.suggestionsApi}
          conversationId={conversation.id}
          refreshKey={newestFromCustomer}
          onInsert={suggestions.insert}
        />
      )}
      <Composer
        key={conversation.id}
        conversationId={conversation.id}
        mode={props.mode}
        onMode={props.onMode}
        textareaRef={props.composerRef}
        onSend={suggestions.send}
        insertion={suggestions.insertion}
        onTyping={props.onTyping}
        onUpload={props.onUpload}
        onLeave={props.onLeaveComposer}
        contactName={props.contact?.name ?? null}
        emailTo={
          // The channel switch: outside e-mail conversations, when the contact has an e-mail address.
          channel !== 'email'
            ? (props.contact?.identities.find((identity) => identity.kind === 'email')?.value ?? null)
            : null
        }
      />
    </main>
  );
}
