/**
 * Inboxes: the list, a new one (API or web chat), and the chosen inbox's settings: for web chat the
 * embed snippet, the widget's settings and the identity secret; for every inbox its agents.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, Inbox } from '../api/types.ts';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import type { AdminApi, CreatedInbox } from './api.ts';
import { useAction, useLoad } from './hooks.ts';
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
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let inbox: CreatedInbox | undefined;
    const ok = await action.run(async () => {
      inbox = await api.createInbox({ name, channel, language });
    });
    if (ok && inbox) {
      setName('');
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
            onChange={(event) => setChannel(event.target.value === 'api' ? 'api' : 'webchat')}
          >
            <option value="webchat">{t('admin.channel.webchat')}</option>
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

  async function toggle(agentId: string, member: boolean) {
    const ok = await action.run(() => api.setInboxMember(inboxId, agentId, member));
    if (ok) {
      members.setData((current) => {
        const next = new Set(current);
        if (member) next.add(agentId);
        else next.delete(agentId);
        return next;
      });
    }
  }

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
