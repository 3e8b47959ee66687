/**
 * One message. Its text is never HTML: the safe markdown subset becomes React elements with text
 * children (Markdown), so whatever a customer writes, tags and all, is shown as the characters they
 * typed (and white-space: pre-wrap keeps their line breaks). The channel it came by shows as an icon.
 */
import { useTranslation } from 'react-i18next';
import type { Agent, Inbox, Message } from '../api/types.ts';
import { fullTime } from '../format.ts';
import { Markdown } from './Markdown.tsx';

/** One icon per channel, drawn inline (no requests, no icon font). */
const CHANNEL_ICONS: Record<Inbox['channel'], string> = {
  // a speech bubble
  webchat:
    'M2.5 3h11A1.5 1.5 0 0 1 15 4.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3.2 2.6A.5.5 0 0 1 3 14.2V12h-.5A1.5 1.5 0 0 1 1 10.5v-6A1.5 1.5 0 0 1 2.5 3Z',
  // angle brackets: an app talking to the API
  api: 'M5.7 3.3 1 8l4.7 4.7 1.1-1.1L3.2 8l3.6-3.6-1.1-1.1Zm4.6 0-1.1 1.1L12.8 8l-3.6 3.6 1.1 1.1L15 8l-4.7-4.7Z',
  // an envelope
  email:
    'M2 3.5h12A1 1 0 0 1 15 4.5v7a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1Zm.5 1.6v6.4h11V5.1L8 9 2.5 5.1ZM3.6 4.5 8 7.7l4.4-3.2H3.6Z',
};

export function ChannelIcon({ channel }: { channel: Inbox['channel'] }) {
  const { t } = useTranslation();
  return (
    <svg
      className="message__channel"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      role="img"
      aria-label={t(`message.channel.${channel}`)}
      data-channel={channel}
    >
      <title>{t(`message.channel.${channel}`)}</title>
      <path d={CHANNEL_ICONS[channel]} fill="currentColor" />
    </svg>
  );
}

export type MessageLook = 'customer' | 'agent' | 'note' | 'event';

export function lookOf(message: Message): MessageLook {
  if (message.kind === 'note') return 'note';
  if (message.kind === 'event' || message.authorType === 'system') return 'event';
  return message.authorType === 'contact' ? 'customer' : 'agent';
}

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

export function MessageItem({
  message,
  customerName,
  agents,
  me,
  channel,
  read = false,
}: {
  message: Message;
  customerName: string;
  agents: Record<string, Agent>;
  me: string;
  /** The channel of the message's inbox, once the inboxes are known. */
  channel?: Inbox['channel'] | undefined;
  /** The newest reply the customer has read (read receipt). */
  read?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const look = lookOf(message);
  const author =
    look === 'customer'
      ? customerName
      : look === 'event'
        ? t('message.system')
        : message.authorType === 'bot'
          ? t('message.bot')
          : message.authorId === me
            ? t('message.you')
            : ((message.authorId && agents[message.authorId]?.name) ?? t('message.agent'));
  const role = look === 'customer' ? t('message.customer') : look === 'note' ? t('message.note') : undefined;
  return (
    <li className={`message message--${look}`} data-message-id={message.id} data-look={look}>
      <div className="message__meta">
        {look === 'note' && (
          <svg className="message__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
              d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z"
              fill="currentColor"
            />
          </svg>
        )}
        {channel && look !== 'note' && look !== 'event' && <ChannelIcon channel={channel} />}
        {role && <span className="message__role">{role}</span>}
        <span className="message__author">{author}</span>
        <time dateTime={message.createdAt}>{fullTime(message.createdAt, i18n.language)}</time>
        {read && (
          <span className="message__read" data-read="">
            {t('message.read')}
          </span>
        )}
        {message.delivery?.status === 'failed' && (
          <span
            className="message__undelivered"
            data-undelivered=""
            title={message.delivery.detail ?? undefined}
          >
            {t('message.undelivered')}
          </span>
        )}
        {message.email?.automated && (
          <span className="message__automated" title={message.email.automated}>
            {t('message.automated')}
          </span>
        )}
      </div>
      {message.text && <Markdown className="message__text" text={message.text} />}
      {message.attachments.length > 0 && (
        <ul className="message__attachments" aria-label={t('message.attachment')}>
          {message.attachments.map((attachment, index) => (
            <li key={`${attachment.url}-${index}`}>
              {isWebUrl(attachment.url) ? (
                <a href={attachment.url} target="_blank" rel="noopener noreferrer nofollow">
                  {attachment.contentType.startsWith('image/') && (
                    <img className="message__image" src={attachment.url} alt="" loading="lazy" />
                  )}
                  {attachment.filename}
                </a>
              ) : (
                attachment.filename
              )}
            </li>
          ))}
        </ul>
      )}
      {message.email && message.direction === 'in' && (message.email.hasHtml || message.email.hasRaw) && (
        <p className="message__mail">
          {message.email.hasHtml && (
            <a href={`${mailPath(message)}/html`} target="_blank" rel="noopener noreferrer">
              {t('message.mailHtml')}
            </a>
          )}
          {message.email.hasRaw && (
            <a href={`${mailPath(message)}/raw`} download>
              {t('message.mailRaw')}
            </a>
          )}
        </p>
      )}
    </li>
  );
}

/** Where the e-mail behind a message is served: its sandboxed HTML view and the raw download. */
const mailPath = (message: Message) => `/api/v1/messages/${message.id}`;
