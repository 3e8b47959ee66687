/**
 * Inboxes: the list, a new one (API, web chat or e-mail), and the chosen inbox's settings: for web
 * chat the embed snippet, the widget's settings and the identity secret; for e-mail its address; for
 * every inbox its agents.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, Inbox } from '../api/types.ts';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import type { AdminApi, CreatedInbox, NewInbox } from './api.ts';
import { toggleMember, useAction, useLoad } from './hooks.ts';
import { ADMIN_ROOT, followLink, navigate } from './navigation.ts';
import { LoadState, Outcome } from './Outcome.tsx';
import { BusinessHoursEditor } from './BusinessHoursEditor.tsx';
import { WebchatSettingsPanel } from './WebchatSettingsPanel.tsx';

export function InboxesScreen({ api, selectedId }: { api: AdminApi; selectedId: string | null }) {
  const { t } = useTranslation();
  const inboxes = useLoad(() => api.inboxes().then((result) => result.items), 'inboxes');
  const agents = useLoad(() => api.agents().then((result) => result.items), 'agents');
  // The identity secret of an inbox made just now: shown once, then never again.
  const [created, setCreated] = useState<CreatedInbox | null>(null);
  const selected = inboxes.data?.find((inbox) => inbox.id === selectedId);

  function onCreated(inbox: CreatedInbox) {
    setCreated(inbox);
    inboxes.setData((current) => [...(current ?? []), inbox].sort((a, b) => a.name.localeCompare(b.name)));
    navigate(`${ADMIN_ROOT}/inboxes/${encodeURIComponent(inbox.id)}`);
  }

  return (
    <div className="admin-columns">
      <div className="admin-column admin-column--narrow">
        <p className="admin__intro">{t('admin.inboxes.intro')}</p>
        <section className="admin-card" aria-labelledby="inbox-list-title">
          <h2 id="inbox-list-title">{t('admin.inboxes.list')}</h2>
          {!inboxes.data ? (
            <LoadState error={inboxes.error} />
          ) : inboxes.data.length === 0 ? (
            <p className="muted">{t('admin.inboxes.empty')}</p>
          ) : (
            <ul className="admin-list">
              {inboxes.data.map((inbox) => (
                <li key={inbox.id}>
                  <a
                    href={`${ADMIN_ROOT}/inboxes/${encodeURIComponent(inbox.id)}`}
                    className="admin-list__item"
                    aria-current={inbox.id === selectedId ? 'page' : undefined}
                    onClick={followLink}
                  >
                    <span className="admin-list__name">{inbox.name}</span>
                    <span className="admin-list__meta">
                      {t(`admin.channel.${inbox.channel}`)} · {t(`languages.${inbox.language}`)}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
        <NewInboxForm api={api} onCreated={onCreated} />
      </div>
      <div className="admin-column">
        {selected ? (
          <InboxDetails
            key={selected.id}
            api={api}
            inbox={selected}
            agents={agents.data}
            identitySecret={created?.id === selected.id ? created.identitySecret : null}
            onChanged={(inbox) =>
              inboxes.setData((current) => current?.map((other) => (other.id === inbox.id ? inbox : other)))
            }
          />
        ) : inboxes.data ? (
          <p className="admin-card muted">{t('admin.inboxes.choose')}</p>
        ) : null}
      </div>
    </div>
  );
}

function NewInboxForm({ api, onCreated }: { api: AdminApi; onCreated: (inbox: CreatedInbox) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<Inbox['channel']>('webchat');
  const [language, setLanguage] = useState<Language>(i18n.resolvedLanguage === 'en' ? 'en' : 'de');
  const [email, setEmail] = useState({ address: '', senderName: '' });
  const [imap, setImap] = useState({ on: false, host: '', port: '993', user: '', password: '' });
  const action = useAction();

  function request(): NewInbox {
    if (channel !== 'email') return { name, channel, language };
    return {
      name,
      channel,
      language,
      address: email.address.trim(),
      senderName: email.senderName.trim() || null,
      imap: imap.on
        ? { host: imap.host.trim(), port: Number(imap.port), user: imap.user.trim(), password: imap.password }
        : null,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    let inbox: CreatedInbox | undefined;
    const ok = await action.run(async () => {
      inbox = await api.createInbox(request());
    });
    if (ok && inbox) {
      setName('');
      setEmail({ address: '', senderName: '' });
      // The password is not kept in the page once the inbox exists.
      setImap({ on: false, host: '', port: '993', user: '', password: '' });
      action.reset();
      onCreated(inbox);
    }
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{t('admin.inboxes.new')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.inboxes.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={100}
        />
      </div>
      <div className="admin-form__row">
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('admin.inboxes.channel')}</label>
          <select
            id={`${id}-channel`}
            value={channel}
            onChange={(event) =>
              setChannel(
                event.target.value === 'api' ? 'api' : event.target.value === 'email' ? 'email' : 'webchat',
              )
            }
          >
            <option value="webchat">{t('admin.channel.webchat')}</option>
            <option value="email">{t('admin.channel.email')}</option>
            <option value="api">{t('admin.channel.api')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('admin.inboxes.language')}</label>
          <select
            id={`${id}-language`}
            value={language}
            onChange={(event) => setLanguage(event.target.value === 'en' ? 'en' : 'de')}
          >
            {LANGUAGES.map((value) => (
              <option key={value} value={value}>
                {t(`languages.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {channel === 'email' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-address`}>{t('admin.inboxes.address')}</label>
            <input
              id={`${id}-address`}
              type="email"
              value={email.address}
              onChange={(event) => setEmail({ ...email, address: event.target.value })}
              aria-describedby={`${id}-address-hint`}
              required
              maxLength={254}
            />
            <p id={`${id}-address-hint`} className="muted">
              {t('admin.inboxes.addressHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-sender`}>{t('admin.inboxes.senderName')}</label>
            <input
              id={`${id}-sender`}
              value={email.senderName}
              onChange={(event) => setEmail({ ...email, senderName: event.target.value })}
              maxLength={100}
            />
          </div>
          <label className="admin-check">
            <input
              type="checkbox"
              checked={imap.on}
              onChange={(event) => setImap({ ...imap, on: event.target.checked })}
            />
            {t('admin.inboxes.imap')}
          </label>
          {imap.on && (
            <>
              <div className="admin-form__row">
                <div className="field">
                  <label htmlFor={`${id}-imap-host`}>{t('admin.inboxes.imapHost')}</label>
                  <input
                    id={`${id}-imap-host`}
                    value={imap.host}
                    onChange={(event) => setImap({ ...imap, host: event.target.value })}
                    required
                    maxLength={253}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-imap-port`}>{t('admin.inboxes.imapPort')}</label>
                  <input
                    id={`${id}-imap-port`}
                    type="number"
                    min={1}
                    max={65535}
                    value={imap.port}
                    onChange={(event) => setImap({ ...imap, port: event.target.value })}
                    required
                  />
                </div>
              </div>
              <div className="field">
                <label htmlFor={`${id}-imap-user`}>{t('admin.inboxes.imapUser')}</label>
                <input
                  id={`${id}-imap-user`}
                  value={imap.user}
                  onChange={(event) => setImap({ ...imap, user: event.target.value })}
                  autoComplete="off"
                  required
                  maxLength={320}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-imap-password`}>{t('admin.inboxes.imapPassword')}</label>
                <input
                  id={`${id}-imap-password`}
                  type="password"
                  value={imap.password}
                  onChange={(event) => setImap({ ...imap, password: event.target.value })}
                  aria-describedby={`${id}-imap-password-hint`}
                  autoComplete="new-password"
                  required
                  maxLength={1000}
                />
                <p id={`${id}-imap-password-hint`} className="muted">
                  {t('admin.inboxes.imapPasswordHint')}
                </p>
              </div>
            </>
          )}
        </>
      )}
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy || !name.trim()}>
          {action.busy ? t('admin.saving') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}

interface InboxDetailsProps {
  api: AdminApi;
  inbox: Inbox;
  agents: Agent[] | undefined;
  identitySecret: string | null;
  onChanged: (inbox: Inbox) => void;
}

function InboxDetails({ api, inbox, agents, identitySecret, onChanged }: InboxDetailsProps) {
  const { t } = useTranslation();
  return (
    <section className="admin-details" aria-labelledby="inbox-title" data-inbox-id={inbox.id}>
      <h2 id="inbox-title" className="admin-details__title">
        {t('admin.inboxes.details', { name: inbox.name })}
        <span className="badge badge--channel">{t(`admin.channel.${inbox.channel}`)}</span>
      </h2>
      {inbox.webchat && <WebchatSettingsPanel api={api} inboxId={inbox.id} identitySecret={identitySecret} />}
      {inbox.email && (
        <section className="admin-card" aria-labelledby={`${inbox.id}-email-title`}>
          <h3 id={`${inbox.id}-email-title`}>{t('admin.inboxes.emailSettings')}</h3>
          <p>
            <strong data-testid="inbox-email-address">{inbox.email.address}</strong>
            {inbox.email.senderName && <span className="muted"> · {inbox.email.senderName}</span>}
          </p>
          <p className="muted">
            {inbox.email.imap
              ? t('admin.inboxes.imapConfigured', {
                  user: inbox.email.imap.user,
                  host: inbox.email.imap.host,
                  port: inbox.email.imap.port,
                })
              : t('admin.inboxes.smtpOnly')}
          </p>
        </section>
      )}
      <InboxMembers api={api} inboxId={inbox.id} agents={agents} />
      <BusinessHoursEditor api={api} inbox={inbox} onSaved={onChanged} />
    </section>
  );
}

function InboxMembers({
  api,
  inboxId,
  agents,
}: {
  api: AdminApi;
  inboxId: string;
  agents: Agent[] | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const members = useLoad(
    () => api.inboxMembers(inboxId).then((result) => new Set(result.items.map((agent) => agent.id))),
    inboxId,
  );
  const action = useAction();
  // Admins see every inbox anyway, and partners no customer data: only agents are members.
  const candidates = agents?.filter((agent) => agent.role === 'agent');

  const toggle = (agentId: string, member: boolean) =>
    toggleMember(members, action, (on) => api.setInboxMember(inboxId, agentId, on), agentId, member);

  return (
    <fieldset className="admin-card admin-checklist" aria-describedby={`${id}-hint`}>
      <legend>{t('admin.inboxes.members')}</legend>
      <p id={`${id}-hint`} className="muted">
        {t('admin.inboxes.membersHint')}
      </p>
      {!members.data || !candidates ? (
        <LoadState error={members.error} />
      ) : candidates.length === 0 ? (
        <p className="muted">{t('admin.inboxes.noAgents')}</p>
      ) : (
        <ul>
          {candidates.map((agent) => (
            <li key={agent.id}>
              <label>
                <input
                  type="checkbox"
                  checked={members.data?.has(agent.id) ?? false}
                  disabled={action.busy}
                  onChange={(event) => void toggle(agent.id, event.target.checked)}
                />
                {agent.name} <span className="muted">{agent.email}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <Outcome action={action} />
    </fieldset>
  );
}
