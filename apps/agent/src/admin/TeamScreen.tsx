/** Agents and teams: who works here with which role and language, adding people, and team members. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import type { AdminApi, Team } from './api.ts';
import { toggleMember, useAction, useLoad } from './hooks.ts';
import { LoadState, Outcome } from './Outcome.tsx';

const ROLES = ['agent', 'admin', 'partner'] as const;
type Role = (typeof ROLES)[number];
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

export function TeamScreen({ api, me }: { api: AdminApi; me: string }) {
  const { t } = useTranslation();
  const agents = useLoad(() => api.agents().then((result) => result.items), 'agents');
  const teams = useLoad(() => api.teams().then((result) => result.items), 'teams');

  const replaceAgent = (agent: Agent) =>
    agents.setData((current) => current?.map((other) => (other.id === agent.id ? agent : other)));

  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <section className="admin-card" aria-labelledby="agents-title">
          <h2 id="agents-title">{t('admin.team.agents')}</h2>
          {agents.data ? (
            <AgentTable api={api} agents={agents.data} me={me} onChanged={replaceAgent} />
          ) : (
            <LoadState error={agents.error} />
          )}
        </section>
        <NewAgentForm
          api={api}
          onCreated={(agent) =>
            agents.setData((current) =>
              [...(current ?? []), agent].sort((a, b) => a.name.localeCompare(b.name)),
            )
          }
        />
      </div>
      <div className="admin-column admin-column--narrow">
        <section className="admin-card" aria-labelledby="teams-title">
          <h2 id="teams-title">{t('admin.team.teams')}</h2>
          {!teams.data || !agents.data ? (
            <LoadState error={teams.error ?? agents.error} />
          ) : teams.data.length === 0 ? (
            <p className="muted">{t('admin.team.noTeams')}</p>
          ) : (
            teams.data.map((team) => (
              <TeamMembers key={team.id} api={api} team={team} agents={agents.data!} />
            ))
          )}
        </section>
        <NewTeamForm
          api={api}
          onCreated={(team) =>
            teams.setData((current) =>
              [...(current ?? []), team].sort((a, b) => a.name.localeCompare(b.name)),
            )
          }
        />
      </div>
    </div>
  );
}

interface AgentTableProps {
  api: AdminApi;
  agents: Agent[];
  me: string;
  onChanged: (agent: Agent) => void;
}

function AgentTable({ api, agents, me, onChanged }: AgentTableProps) {
  const { t } = useTranslation();
  const action = useAction();

  async function change(agent: Agent, changes: { role?: Role; language?: Language }) {
    await action.run(async () => onChanged(await api.updateAgent(agent.id, changes)));
  }

  return (
    <>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.team.name')}</th>
            <th scope="col">{t('admin.team.email')}</th>
            <th scope="col">{t('admin.team.role')}</th>
            <th scope="col">{t('admin.team.language')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} data-agent-id={agent.id}>
              <th scope="row">
                {agent.name} {agent.id === me && <span className="muted">{t('admin.team.you')}</span>}
              </th>
              <td>{agent.email}</td>
              <td>
                <select
                  aria-label={`${t('admin.team.role')}: ${agent.name}`}
                  value={agent.role}
                  disabled={action.busy}
                  onChange={(event) =>
                    isRole(event.target.value) && void change(agent, { role: event.target.value })
                  }
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`admin.role.${role}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label={`${t('admin.team.language')}: ${agent.name}`}
                  value={agent.language}
                  disabled={action.busy}
                  onChange={(event) =>
                    isLanguage(event.target.value) && void change(agent, { language: event.target.value })
                  }
                >
                  {LANGUAGES.map((language) => (
                    <option key={language} value={language}>
                      {t(`languages.${language}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome action={action} />
    </>
  );
}

function NewAgentForm({ api, onCreated }: { api: AdminApi; onCreated: (agent: Agent) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const empty = { name: '', email: '', role: 'agent' as Role, language: 'de' as Language, password: '' };
  const [form, setForm] = useState(empty);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () => {
      const agent = await api.createAgent({
        name: form.name,
        email: form.email,
        role: form.role,
        language: form.language,
        password: form.password || null,
      });
      setForm(empty);
      onCreated(agent);
    });
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{t('admin.team.invite')}</h2>
      <div className="admin-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.team.name')}</label>
          <input
            id={`${id}-name`}
            value={form.name}
            required
            maxLength={200}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('admin.team.email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            value={form.email}
            required
            maxLength={320}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
          />
        </div>
      </div>
      <div className="admin-form__row">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('admin.team.role')}</label>
          <select
            id={`${id}-role`}
            value={form.role}
            onChange={(event) => isRole(event.target.value) && setForm({ ...form, role: event.target.value })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('admin.team.language')}</label>
          <select
            id={`${id}-language`}
            value={form.language}
            onChange={(event) =>
              isLanguage(event.target.value) && setForm({ ...form, language: event.target.value })
            }
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('admin.team.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          minLength={12}
          maxLength={1024}
          value={form.password}
          aria-describedby={`${id}-password-hint`}
          onChange={(event) => setForm({ ...form, password: event.target.value })}
        />
        <p id={`${id}-password-hint`} className="field__hint">
          {t('admin.team.passwordHint')}
        </p>
      </div>
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : t('admin.team.add')}
        </button>
      </div>
    </form>
  );
}

function TeamMembers({ api, team, agents }: { api: AdminApi; team: Team; agents: Agent[] }) {
  const { t } = useTranslation();
  const members = useLoad(
    () => api.teamMembers(team.id).then((result) => new Set(result.items.map((agent) => agent.id))),
    team.id,
  );
  const action = useAction();

  const toggle = (agentId: string, member: boolean) =>
    toggleMember(members, action, (on) => api.setTeamMember(team.id, agentId, on), agentId, member);

  return (
    <fieldset className="admin-checklist" data-team-id={team.id}>
      <legend>{t('admin.team.teamMembers', { name: team.name })}</legend>
      {members.data ? (
        <ul>
          {agents
            .filter((agent) => agent.role !== 'partner')
            .map((agent) => (
              <li key={agent.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={members.data?.has(agent.id) ?? false}
                    disabled={action.busy}
                    onChange={(event) => void toggle(agent.id, event.target.checked)}
                  />
                  {agent.name}
                </label>
              </li>
            ))}
        </ul>
      ) : (
        <LoadState error={members.error} />
      )}
      {action.outcome && !action.outcome.ok && <Outcome action={action} />}
    </fieldset>
  );
}

function NewTeamForm({ api, onCreated }: { api: AdminApi; onCreated: (team: Team) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () => {
      const team = await api.createTeam(name);
      setName('');
      onCreated(team);
    });
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{t('admin.team.newTeam')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.team.teamName')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy || !name.trim()}>
          {t('admin.create')}
        </button>
      </div>
    </form>
  );
}
