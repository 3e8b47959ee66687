/**
 * Automatic assignment (/admin/assignment): each agent's presence, load, capacity and skills, each
 * team's strategy and whether it assigns on its own, and the strategy for conversations without a team.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import type { AdminApi, Team } from '../admin/api.ts';
import { useAction, useLoad } from '../admin/hooks.ts';
import { LoadState, Outcome } from '../admin/Outcome.tsx';
import {
  STRATEGIES,
  type AgentAssignment,
  type AssignmentApi,
  type AssignmentOverview,
  type AssignmentStrategy,
  type TeamAssignment,
} from './api.ts';
import './assignment.css';

const isStrategy = (value: string): value is AssignmentStrategy =>
  (STRATEGIES as readonly string[]).includes(value);

/** "Refund, shipping" → ["refund", "shipping"]. */
const parseTopics = (text: string) =>
  text
    .split(',')
    .map((topic) => topic.trim().toLowerCase())
    .filter(Boolean);

export function AssignmentScreen({ api, admin }: { api: AssignmentApi; admin: AdminApi }) {
  const { t } = useTranslation();
  const overview = useLoad(() => api.overview(), 'assignment');
  const teams = useLoad(() => admin.teams().then((result) => result.items), 'teams');
  const action = useAction();

  const replaceAgent = (agent: AgentAssignment) =>
    overview.setData(
      (current) =>
        current && {
          ...current,
          agents: current.agents.map((other) => (other.agentId === agent.agentId ? agent : other)),
        },
    );
  const replaceTeam = (team: TeamAssignment) =>
    overview.setData(
      (current) =>
        current && {
          ...current,
          teams: current.teams.map((other) => (other.teamId === team.teamId ? team : other)),
        },
    );

  if (!overview.data || !teams.data) return <LoadState error={overview.error ?? teams.error} />;
  const data: AssignmentOverview = overview.data;

  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <section className="admin-card" aria-labelledby="assignment-agents-title">
          <h2 id="assignment-agents-title">{t('assignment.agents')}</h2>
          <p className="muted">{t('assignment.agentsHint')}</p>
          <AgentTable api={api} agents={data.agents} onChanged={replaceAgent} />
        </section>
      </div>
      <div className="admin-column admin-column--narrow">
        <section className="admin-card" aria-labelledby="assignment-teams-title">
          <h2 id="assignment-teams-title">{t('assignment.teams')}</h2>
          {teams.data.length === 0 && <p className="muted">{t('admin.team.noTeams')}</p>}
          {teams.data.map((team) => {
            const settings = data.teams.find((s) => s.teamId === team.id);
            return settings ? (
              <TeamSettings key={team.id} api={api} team={team} settings={settings} onChanged={replaceTeam} />
            ) : null;
          })}
        </section>
        <section className="admin-card admin-form" aria-labelledby="assignment-default-title">
          <h2 id="assignment-default-title">{t('assignment.noTeam')}</h2>
          <div className="field">
            <label htmlFor="assignment-default-strategy">{t('assignment.strategy')}</label>
            <select
              id="assignment-default-strategy"
              value={data.strategy}
              disabled={action.busy}
              onChange={(event) => {
                const strategy = event.target.value;
                if (!isStrategy(strategy)) return;
                void action.run(async () => {
                  const saved = await api.setStrategy(strategy);
                  overview.setData((current) => current && { ...current, strategy: saved.strategy });
                });
              }}
            >
              {STRATEGIES.map((strategy) => (
                <option key={strategy} value={strategy}>
                  {t(`assignment.strategies.${strategy}`)}
                </option>
              ))}
            </select>
            <p className="field__hint">{t('assignment.noTeamHint')}</p>
          </div>
          <Outcome action={action} />
        </section>
      </div>
    </div>
  );
}

interface AgentTableProps {
  api: AssignmentApi;
  agents: AgentAssignment[];
  onChanged: (agent: AgentAssignment) => void;
}

function AgentTable({ api, agents, onChanged }: AgentTableProps) {
  const { t } = useTranslation();
  const action = useAction();
  const save = (agentId: string, changes: Parameters<AssignmentApi['updateAgent']>[1]) =>
    action.run(async () => onChanged(await api.updateAgent(agentId, changes)));

  return (
    <>
      <table className="admin-table assignment-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.team.name')}</th>
            <th scope="col">{t('assignment.presenceColumn')}</th>
            <th scope="col">{t('assignment.load')}</th>
            <th scope="col">{t('assignment.capacity')}</th>
            <th scope="col">{t('assignment.languages')}</th>
            <th scope="col">{t('assignment.topics')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <AgentRow key={agent.agentId} agent={agent} busy={action.busy} onSave={save} />
          ))}
        </tbody>
      </table>
      <Outcome action={action} />
    </>
  );
}

interface AgentRowProps {
  agent: AgentAssignment;
  busy: boolean;
  onSave: (agentId: string, changes: Parameters<AssignmentApi['updateAgent']>[1]) => Promise<boolean>;
}

function AgentRow({ agent, busy, onSave }: AgentRowProps) {
  const { t } = useTranslation();
  const [capacity, setCapacity] = useState(String(agent.capacity));
  const [topics, setTopics] = useState(agent.topics.join(', '));

  const saveCapacity = () => {
    const value = Number(capacity);
    if (capacity.trim() === '' || !Number.isInteger(value) || value === agent.capacity) return;
    void onSave(agent.agentId, { capacity: value });
  };
  const saveTopics = () => {
    const next = parseTopics(topics);
    if (next.join(',') === agent.topics.join(',')) return;
    void onSave(agent.agentId, { topics: next });
  };
  const toggleLanguage = (language: Language, on: boolean) => {
    const languages = on ? [...agent.languages, language] : agent.languages.filter((l) => l !== language);
    void onSave(agent.agentId, { languages });
  };

  return (
    <tr data-agent-id={agent.agentId}>
      <th scope="row">{agent.name}</th>
      <td>
        <span
          className={`presence availability--${agent.effective}`}
          title={t(`assignment.presence.${agent.availability}`)}
        >
          <span className="availability__dot" aria-hidden="true" />
          {t(`assignment.presence.${agent.effective}`)}
        </span>
      </td>
      <td className="assignment-load">
        {t('assignment.loadOf', { load: agent.load, capacity: agent.capacity })}
      </td>
      <td>
        <input
          type="number"
          min={0}
          max={1000}
          step={1}
          aria-label={`${t('assignment.capacity')}: ${agent.name}`}
          value={capacity}
          disabled={busy}
          onChange={(event) => setCapacity(event.target.value)}
          onBlur={saveCapacity}
          onKeyDown={(event) => event.key === 'Enter' && saveCapacity()}
        />
      </td>
      <td>
        <div
          className="assignment-languages"
          role="group"
          aria-label={`${t('assignment.languages')}: ${agent.name}`}
        >
          {LANGUAGES.map((language) => (
            <label key={language}>
              <input
                type="checkbox"
                checked={agent.languages.includes(language)}
                disabled={busy}
                onChange={(event) => toggleLanguage(language, event.target.checked)}
              />
              {language.toUpperCase()}
            </label>
          ))}
        </div>
      </td>
      <td>
        <input
          type="text"
          aria-label={`${t('assignment.topics')}: ${agent.name}`}
          placeholder={t('assignment.topicsPlaceholder')}
          value={topics}
          maxLength={2000}
          disabled={busy}
          onChange={(event) => setTopics(event.target.value)}
          onBlur={saveTopics}
          onKeyDown={(event) => event.key === 'Enter' && saveTopics()}
        />
      </td>
    </tr>
  );
}

interface TeamSettingsProps {
  api: AssignmentApi;
  team: Team;
  settings: TeamAssignment;
  onChanged: (settings: TeamAssignment) => void;
}

function TeamSettings({ api, team, settings, onChanged }: TeamSettingsProps) {
  const { t } = useTranslation();
  const action = useAction();
  // Shown at once (a checkbox that waits for the server looks broken); taken back if it refuses.
  const save = (changes: Parameters<AssignmentApi['updateTeam']>[1]) => {
    onChanged({ ...settings, ...changes });
    void action
      .run(async () => onChanged(await api.updateTeam(team.id, changes)))
      .then((ok) => ok || onChanged(settings));
  };
  const strategyId = `assignment-strategy-${team.id}`;

  return (
    <div className="assignment-team" data-team-id={team.id}>
      <span className="assignment-team__name">{team.name}</span>
      <label>
        <input
          type="checkbox"
          checked={settings.autoAssign}
          disabled={action.busy}
          onChange={(event) => save({ autoAssign: event.target.checked })}
        />
        {t('assignment.autoAssign')}
      </label>
      <label htmlFor={strategyId} className="visually-hidden">
        {t('assignment.strategyOf', { name: team.name })}
      </label>
      <select
        id={strategyId}
        value={settings.strategy}
        disabled={action.busy}
        onChange={(event) => isStrategy(event.target.value) && save({ strategy: event.target.value })}
      >
        {STRATEGIES.map((strategy) => (
          <option key={strategy} value={strategy}>
            {t(`assignment.strategies.${strategy}`)}
          </option>
        ))}
      </select>
      {action.outcome && !action.outcome.ok && <Outcome action={action} />}
    </div>
  );
}
