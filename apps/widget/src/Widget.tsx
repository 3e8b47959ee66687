/**
 * The launcher and the chat window. Every message is rendered as text (Preact text nodes, never HTML),
 * links only for attachments the server stored (http(s) URLs). Keyboard: Enter sends, Shift+Enter
 * breaks the line, Esc closes and returns focus to the launcher.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { availabilityText } from './availability.ts';
import type { Chat, ChatMessage, ChatState } from './chat.ts';
import type { Language, Strings } from './i18n.ts';
import { Markdown } from './Markdown.tsx';
import { PreChatForm } from './PreChatForm.tsx';
import { ShareButton, ShareMenu } from './ShareMenu.tsx';

interface Props {
  chat: Chat;
  language: Language;
  strings: Strings;
}

function useChat(chat: Chat): ChatState {
  const [state, setState] = useState(chat.state);
  useEffect(() => {
    setState(chat.state);
    return chat.subscribe(setState);
  }, [chat]);
  return state;
}

const ChatIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path
      fill="currentColor"
      d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.5 3.6A.9.9 0 0 1 3 20.9V6a2 2 0 0 1 1-2Zm3 5v2h10V9H7Zm0 4v2h7v-2H7Z"
    />
  </svg>
);
const CloseIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path stroke="currentColor" stroke-width="2.4" stroke-linecap="round" d="M6 6l12 12M18 6 6 18" />
  </svg>
);
const SendIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6l-.02 6.53L15 12 3.38 13.87z" />
  </svg>
);

const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);

/**
 * The verified customer's privacy centre, in a new tab, signed in. The tab opens during the click
 * (popup blockers allow no later one) and goes to the one-time link once the server made it.
 */
function openPrivacyCentre(chat: Chat): void {
  const tab = window.open('about:blank', '_blank');
  chat.privacyLink().then(
    (url) => {
      if (!/^https?:\/\//i.test(url)) return tab?.close();
      if (!tab) return void (window.location.href = url);
      tab.opener = null;
      tab.location.href = url;
    },
    () => tab?.close(),
  );
}

function Message({
  message,
  strings,
  language,
  read,
  onAnswer,
}: {
  message: ChatMessage;
  strings: Strings;
  language: Language;
  /** The newest of the visitor's messages an agent has read. */
  read: boolean;
  /** The newest message is an automatic answer: "did this help?" takes one click (sent as "Ja"/"Nein"). */
  onAnswer?: ((text: string) => void) | undefined;
}) {
  const time = new Date(message.createdAt);
  const meta =
    message.state === 'failed'
      ? strings.failed
      : message.state === 'pending'
        ? navigator.onLine
          ? strings.sending
          : strings.queued
        : `${message.direction === 'in' ? strings.you : message.bot ? strings.bot : strings.team} · ${time.toLocaleTimeString(
            language,
            {
              hour: 'numeric',
              minute: '2-digit',
            },
          )}`;
  return (
    <div
      class="msg"
      data-direction={message.direction}
      data-state={message.state}
      data-client-id={message.clientMessageId ?? undefined}
    >
      <div class="bubble">
        {message.text && <Markdown text={message.text} />}
        {message.attachments.length > 0 && (
          <span class="files">
            {message.attachments.map((file) => (
              <a key={file.url} href={safeUrl(file.url)} target="_blank" rel="noopener noreferrer">
                {file.filename || strings.attachment}
              </a>
            ))}
          </span>
        )}
      </div>
      <span class="meta">{meta}</span>
      {read && (
        <span class="meta read" data-read="">
          {strings.read}
        </span>
      )}
      {onAnswer && (
        <span class="helped" role="group" aria-label={strings.helpedQuestion}>
          <button type="button" onClick={() => onAnswer(strings.helpedYes)}>
            {strings.helpedYes}
          </button>
          <button type="button" onClick={() => onAnswer(strings.helpedNo)}>
            {strings.helpedNo}
          </button>
        </span>
      )}
    </div>
  );
}

/** The key of the visitor's newest message that an agent has read, if any. */
function lastReadKey(state: ChatState): string | undefined {
  return state.messages.findLast(
    (m) =>
      m.direction === 'in' &&
      m.conversationId !== null &&
      m.createdAt <= (state.agentReadAt[m.conversationId] ?? ''),
  )?.key;
}

export function Widget({ chat, language, strings }: Props) {
  const state = useChat(chat);
  const [draft, setDraft] = useState('');
  const [sharing, setSharing] = useState(false);
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  const { inbox, open } = state;

  // Focus follows the window: into the composer when it opens, back to the launcher when it closes.
  // An invitation opens the window without taking the focus from the page the visitor is reading.
  useEffect(() => {
    if (open && !state.openedByInvitation) input.current?.focus();
    else if (!open && wasOpen.current) launcher.current?.focus();
    wasOpen.current = open;
  }, [open, state.openedByInvitation]);

  useLayoutEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [state.messages, state.agentTyping, open]);

  useLayoutEffect(() => {
    const element = input.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight + 2, 120)}px`;
  }, [draft]);

  if (!inbox) return null;
  const greeting =
    inbox.greeting[language] ?? inbox.greeting[language === 'de' ? 'en' : 'de'] ?? strings.greeting;
  const status =
    state.connection === 'offline'
      ? strings.offline
      : state.connection === 'connecting'
        ? strings.connecting
        : (availabilityText(inbox.availability, language, strings) ?? strings.online);
  const needsPreChat = inbox.preChatForm && !state.preChatDone;
  const readKey = lastReadKey(state);

  const submit = (event?: Event) => {
    event?.preventDefault();
    if (!draft.trim()) return;
    chat.send(draft);
    setDraft('');
    input.current?.focus();
  };

  return (
    <div class="sd" lang={language}>
      <div
        class="window"
        id="sofortdesk-chat"
        role="dialog"
        aria-label={`${inbox.name} – ${strings.title}`}
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            chat.setOpen(false);
          }
        }}
      >
        <div class="header">
          <div class="header__text">
            <h2>{inbox.name}</h2>
            <p data-connection={state.connection}>{status}</p>
          </div>
          <button type="button" class="close" aria-label={strings.close} onClick={() => chat.setOpen(false)}>
            <CloseIcon />
          </button>
        </div>
        <div class="log" ref={log} role="log" aria-live="polite" aria-label={strings.title}>
          {state.invitation ? (
            <div class="msg" data-direction="out" data-greeting="" data-invitation="">
              <div class="bubble">{state.invitation}</div>
              <span class="meta">{strings.team}</span>
            </div>
          ) : (
            <div class="msg" data-direction="out" data-greeting="">
              <div class="bubble">{greeting}</div>
            </div>
          )}
          {state.messages.map((message, index) => (
            <Message
              key={message.key}
              message={message}
              strings={strings}
              language={language}
              read={message.key === readKey}
              onAnswer={
                message.bot && index === state.messages.length - 1 ? (text) => chat.send(text) : undefined
              }
            />
          ))}
          {state.agentTyping && <div class="typing">{strings.agentTyping}</div>}
        </div>
        {needsPreChat ? (
          <PreChatForm
            strings={strings}
            focus={open && !state.openedByInvitation}
            onSubmit={(answers) => chat.answerPreChat(answers)}
          />
        ) : (
          <>
            {state.suggestions.length > 0 && (
              <div class="suggestions" aria-live="polite">
                <p>{strings.suggestions}</p>
                <ul>
                  {state.suggestions.map((article) => (
                    <li key={article.id}>
                      <a href={article.url} target="_blank" rel="noopener noreferrer">
                        {article.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <ShareMenu chat={chat} language={language} open={sharing} onClose={() => setSharing(false)} />
            <form class="composer" onSubmit={submit}>
              <ShareButton language={language} open={sharing} onToggle={() => setSharing(!sharing)} />
              <label class="sr" for="sofortdesk-input">
                {strings.message}
              </label>
              <textarea
                id="sofortdesk-input"
                ref={input}
                rows={1}
                maxLength={20000}
                placeholder={strings.placeholder}
                value={draft}
                onInput={(event) => {
                  setDraft(event.currentTarget.value);
                  chat.typing(event.currentTarget.value.length > 0);
                  chat.suggest(event.currentTarget.value);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
                }}
              />
              <button type="submit" class="send" aria-label={strings.send} disabled={!draft.trim()}>
                <SendIcon />
              </button>
            </form>
          </>
        )}
        <div class="footer">
          {strings.poweredBy}
          {state.verified && (
            <>
              {' · '}
              <button type="button" class="privacy" onClick={() => openPrivacyCentre(chat)}>
                {strings.privacy}
              </button>
            </>
          )}
        </div>
      </div>
      <button
        type="button"
        class="launcher"
        ref={launcher}
        aria-label={
          open
            ? strings.close
            : state.unread > 0
              ? `${strings.open} (${strings.unread(state.unread)})`
              : strings.open
        }
        aria-expanded={open}
        aria-controls="sofortdesk-chat"
        onClick={() => chat.setOpen(!open)}
      >
        {open ? <CloseIcon /> : <ChatIcon />}
        {!open && state.unread > 0 && (
          <span class="badge" aria-hidden="true">
            {state.unread}
          </span>
        )}
      </button>
    </div>
  );
}
