/**
 * One message. Its text is a React text child, never HTML: whatever a customer writes, tags and
 * all, is shown as the characters they typed (and white-space: pre-wrap keeps their line breaks).
 */
import { useTranslation } from 'react-i18next';
import type { Agent, Message } from '../api/types.ts';
import { fullTime } from '../format.ts';

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
}: {
  message: Message;
  customerName: string;
  agents: Record<string, Agent>;
  me: string;
}) {
  const { t, i18n } = useTranslation();
  const look = lookOf(message);
  const author =
    look === 'customer'
      ? customerName
      : look === 'event'
        ? t('message.system')
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
        {role && <span className="message__role">{role}</span>}
        <span className="message__author">{author}</span>
        <time dateTime={message.createdAt}>{fullTime(message.createdAt, i18n.language)}</time>
      </div>
      <p className="message__text">{message.text}</p>
      {message.attachments.length > 0 && (
        <ul className="message__attachments" aria-label={t('message.attachment')}>
          {message.attachments.map((attachment, index) => (
            <li key={`${attachment.url}-${index}`}>
              {isWebUrl(attachment.url) ? (
                <a href={attachment.url} target="_blank" rel="noopener noreferrer nofollow">
                  {attachment.filename}
                </a>
              ) : (
                attachment.filename
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
