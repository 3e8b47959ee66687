/** The customer beside the conversation: how we recognise them, and what they wrote on every channel. */
import { plainText } from '@sofortdesk/protocol/markdown';
import { useTranslation } from 'react-i18next';
import type { Agent, ContactDetail, Conversation, Message } from '../api/types.ts';
import { ConsentSection } from '../consents/ConsentSection.tsx';
import { CaseShareSection } from '../case-shares/CaseShareSection.tsx';
import type { CaseSharesApi } from '../case-shares/api.ts';
import type { ConsentsApi } from '../consents/api.ts';
import { fullTime } from '../format.ts';
import { lookOf } from './MessageItem.tsx';
import { contactName } from './names.ts';

const SHOWN = 30;

/** App user ids are unique per inbox and stored as "<inbox id>:<id>": shown as the id and the inbox's name. */
export function identityValue(
  value: string,
  inboxNames: Record<string, string>,
): { value: string; inbox: string | undefined } {
  const colon = value.indexOf(':');
  const inbox = colon > 0 ? inboxNames[value.slice(0, colon)] : undefined;
  return inbox ? { value: value.slice(colon + 1), inbox } : { value, inbox: undefined };
}

export interface ContactPanelProps {
  conversation: Conversation | undefined;
  contact: ContactDetail | undefined;
  timeline: Message[] | undefined;
  inboxNames: Record<string, string>;
  agents: Record<string, Agent>;
  me: string;
  onOpen: (conversationId: string) => void;
  /** The consent ledger's calls; without them the panel shows no consents. */
  consents?: ConsentsApi;
  /** What the customer shared for this conversation; without it the panel shows no shares. */
  caseShares?: CaseSharesApi;
}

export function ContactPanel(props: ContactPanelProps) {
  const { t, i18n } = useTranslation();
  const { contact, conversation } = props;

  let body;
  if (!conversation) {
    body = <p className="muted">{t('contactPanel.none')}</p>;
  } else if (!contact) {
    body = (
      <p className="muted" role="status">
        {t('contactPanel.loading')}
      </p>
    );
  } else {
    // Most recent first, the last SHOWN of them.
    const recent = (props.timeline ?? []).slice(-SHOWN).reverse();
    body = (
      <>
        <p className="contact__name">{contactName(contact, t('contact.unknown'))}</p>
        <dl className="contact__facts">
          {contact.email && (
            <>
              <dt>{t('contactPanel.email')}</dt>
              <dd>{contact.email}</dd>
            </>
          )}
          {contact.phone && (
            <>
              <dt>{t('contactPanel.phone')}</dt>
              <dd>{contact.phone}</dd>
            </>
          )}
          {contact.language && (
            <>
              <dt>{t('contactPanel.language')}</dt>
              <dd>{t(`languages.${contact.language}`)}</dd>
            </>
          )}
        </dl>
        <h3>{t('contactPanel.identities')}</h3>
        <ul className="identities">
          {contact.identities.map((identity) => {
            const { value, inbox } = identityValue(identity.value, props.inboxNames);
            return (
              <li key={`${identity.kind}:${identity.value}`}>
                <span className="identity__kind">
                  {t(`contactPanel.identity.${identity.kind}`)}
                  {inbox && <span className="identity__inbox"> · {inbox}</span>}
                </span>
                <span className="identity__value">{value}</span>
              </li>
            );
          })}
        </ul>
        {props.caseShares && (
          <CaseShareSection api={props.caseShares} conversationId={conversation.id} agents={props.agents} />
        )}
        {props.consents && (
          <ConsentSection api={props.consents} contactId={contact.id} agents={props.agents} />
        )}
        <h3>{t('contactPanel.timeline')}</h3>
        {props.timeline && recent.length === 0 && <p className="muted">{t('contactPanel.timelineEmpty')}</p>}
        <ol className="history">
          {recent.map((message) => {
            const here = message.conversationId === conversation.id;
            return (
              <li key={message.id} className={`history__item history__item--${lookOf(message)}`}>
                <div className="history__meta">
                  <span>{props.inboxNames[message.inboxId] ?? ''}</span>
                  <time dateTime={message.createdAt}>{fullTime(message.createdAt, i18n.language)}</time>
                </div>
                <p className="history__text">{plainText(message.text)}</p>
                {here ? (
                  <span className="history__here">{t('contactPanel.thisConversation')}</span>
                ) : (
                  <button
                    type="button"
                    className="button button--link"
                    onClick={() => props.onOpen(message.conversationId)}
                  >
                    {t('contactPanel.open')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      </>
    );
  }

  return (
    <aside className="pane pane--contact" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('contactPanel.heading')}</h2>
      {body}
    </aside>
  );
}
