/**
 * SLA policies (admins): the list, and one form to write a new one or change the chosen one. A
 * custom calendar is edited as one opening interval on chosen weekdays plus holidays, which is what
 * most teams have; the API takes any BusinessHours.
 */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi } from '../admin/api.ts';
import { useAction, useLoad } from '../admin/hooks.ts';
import { LoadState, Outcome } from '../admin/Outcome.tsx';
import type { SlaApi, SlaPolicy, SlaPolicyInput } from './api.ts';

const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
type Priority = (typeof PRIORITIES)[number];
const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
const CALENDARS = ['inbox', 'always', 'custom'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

export function SlaPoliciesScreen({ api, admin }: { api: SlaApi; admin: AdminApi }) {
  const { t } = useTranslation();
  const policies = useLoad(() => api.policies().then((result) => result.items), 'sla-policies');
  const teams = useLoad(() => admin.teams().then((result) => result.items), 'teams');
  const agents = useLoad(() => admin.agents().then((result) => result.items), 'agents');
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const remove = useAction();

  function saved(policy: SlaPolicy) {
    policies.setData((current) => {
      const others = (current ?? []).filter((other) => other.id !== policy.id);
      return [...others, policy].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
    setEditing(null);
  }

  function edit(policy: SlaPolicy) {
    setEditing(policy);
    requestAnimationFrame(() => formRef.current?.querySelector('input')?.focus());
  }

  async function destroy(policy: SlaPolicy) {
    if (!window.confirm(t('sla.policies.deleteConfirm', { name: policy.name }))) return;
    if (await remove.run(() => api.remove(policy.id))) {
      policies.setData((current) => current?.filter((other) => other.id !== policy.id));
      if (editing?.id === policy.id) setEditing(null);
    }
  }

  const summary = (policy: SlaPolicy) =>
    t('sla.policies.summary', {
      targets: TARGETS.filter((target) => policy.targets[target] !== null)
        .map(
          (target) =>
            `${t(`sla.target.${target}`)} ${t('sla.policies.minutes', { count: policy.targets[target]! })}`,
        )
        .join(', '),
      calendar: t(`sla.policies.calendars.${policy.calendar}`),
    });

  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <p className="admin__intro">{t('sla.policies.intro')}</p>
        <section className="admin-card" aria-labelledby="sla-list-title">
          <h2 id="sla-list-title">{t('sla.policies.list')}</h2>
          {!policies.data ? (
            <LoadState error={policies.error} />
          ) : policies.data.length === 0 ? (
            <p className="muted">{t('sla.policies.empty')}</p>
          ) : (
            <ul className="canned-list">
              {policies.data.map((policy) => (
                <li key={policy.id} className="canned-list__item" data-sla-policy={policy.name}>
                  <div className="canned-list__head">
                    <span className="canned-list__title">{policy.name}</span>
                    <span className="badge badge--channel">
                      {policy.priority ? t(`priority.${policy.priority}`) : t('sla.policies.explicitOnly')}
                    </span>
                  </div>
                  <p className="canned-list__text">{summary(policy)}</p>
                  <div className="canned-list__actions">
                    <button type="button" className="button" onClick={() => edit(policy)}>
                      {t('admin.edit')}
                      <span className="visually-hidden"> {policy.name}</span>
                    </button>
                    <button type="button" className="button" onClick={() => void destroy(policy)}>
                      {t('admin.delete')}
                      <span className="visually-hidden"> {policy.name}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {remove.outcome && !remove.outcome.ok && <Outcome action={remove} />}
        </section>
      </div>
      <div className="admin-column admin-column--narrow">
        <SlaPolicyForm
          key={editing?.id ?? 'new'}
          formRef={formRef}
          api={api}
          policy={editing}
          teams={teams.data ?? []}
          agents={(agents.data ?? []).filter((agent) => agent.role !== 'partner')}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

interface SlaPolicyFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  api: SlaApi;
  policy: SlaPolicy | null;
  teams: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  onSaved: (policy: SlaPolicy) => void;
  onCancel: () => void;
}

const minutesField = (value: number | null | undefined) => (value == null ? '' : String(value));

function SlaPolicyForm({ formRef, api, policy, teams, agents, onSaved, onCancel }: SlaPolicyFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const hours = policy?.businessHours;
  const openDays = hours ? WEEKDAYS.filter((day) => hours.weekly[day].length > 0) : WEEKDAYS.slice(0, 5);
  const firstInterval = hours && openDays[0] ? hours.weekly[openDays[0]][0] : undefined;
  const breach = policy?.escalation.breach;

  const [name, setName] = useState(policy?.name ?? '');
  const [priority, setPriority] = useState<Priority | ''>(policy ? (policy.priority ?? '') : 'none');
  const [targets, setTargets] = useState(() => ({
    firstResponse: minutesField(policy ? policy.targets.firstResponse : 60),
    nextResponse: minutesField(policy ? policy.targets.nextResponse : 240),
    resolution: minutesField(policy ? policy.targets.resolution : 1440),
  }));
  const [calendar, setCalendar] = useState<(typeof CALENDARS)[number]>(policy?.calendar ?? 'inbox');
  const [timezone, setTimezone] = useState(hours?.timezone ?? 'Europe/Berlin');
  const [days, setDays] = useState<Set<Weekday>>(() => new Set(openDays));
  const [from, setFrom] = useState(firstInterval?.from ?? '09:00');
  const [to, setTo] = useState(firstInterval?.to ?? '17:00');
  const [holidays, setHolidays] = useState(hours?.holidays.join('\n') ?? '');
  const [warnAt, setWarnAt] = useState(minutesField(policy ? policy.warnAtPercent : 80));
  const [raise, setRaise] = useState<Priority | ''>(breach?.raisePriority ?? '');
  const [team, setTeam] = useState(breach?.notifyTeamId ?? '');
  const [user, setUser] = useState(breach?.notifyUserId ?? '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const number = (text: string) => (text.trim() === '' ? null : Number(text));
    // A target left out is none.
    const minutes = (text: string) => (text.trim() === '' ? undefined : Number(text));
    const input: SlaPolicyInput = {
      name: name.trim(),
      priority: priority === '' ? null : priority,
      targets: {
        firstResponse: minutes(targets.firstResponse),
        nextResponse: minutes(targets.nextResponse),
        resolution: minutes(targets.resolution),
      },
      calendar,
      businessHours:
        calendar === 'custom'
          ? {
              timezone: timezone.trim(),
              weekly: Object.fromEntries(
                WEEKDAYS.map((day) => [day, days.has(day) ? [{ from, to }] : []]),
              ) as Record<Weekday, { from: string; to: string }[]>,
              holidays: holidays
                .split(/\s+/)
                .map((line) => line.trim())
                .filter(Boolean),
              typicalReplyMinutes: hours?.typicalReplyMinutes ?? 60,
            }
          : null,
      warnAtPercent: number(warnAt),
      escalation: {
        warning: policy?.escalation.warning ?? null,
        breach:
          raise || team || user
            ? { raisePriority: raise || null, notifyTeamId: team || null, notifyUserId: user || null }
            : null,
      },
    };
    await action.run(async () => {
      onSaved(policy ? await api.update(policy.id, input) : await api.create(input));
    });
  }

  return (
    <form
      ref={formRef}
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{policy ? policy.name : t('sla.policies.new')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('sla.policies.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-priority`}>{t('sla.policies.priority')}</label>
        <select
          id={`${id}-priority`}
          value={priority}
          onChange={(e) => setPriority(e.target.value as Priority | '')}
        >
          {PRIORITIES.map((value) => (
            <option key={value} value={value}>
              {t(`priority.${value}`)}
            </option>
          ))}
          <option value="">{t('sla.policies.explicitOnly')}</option>
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('sla.policies.targets')}</legend>
        {TARGETS.map((target) => (
          <div key={target} className="field">
            <label htmlFor={`${id}-${target}`}>{t(`sla.target.${target}`)}</label>
            <input
              id={`${id}-${target}`}
              type="number"
              min={1}
              max={43200}
              value={targets[target]}
              onChange={(e) => setTargets((current) => ({ ...current, [target]: e.target.value }))}
            />
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-calendar`}>{t('sla.policies.calendar')}</label>
        <select
          id={`${id}-calendar`}
          value={calendar}
          onChange={(e) => setCalendar(e.target.value as (typeof CALENDARS)[number])}
        >
          {CALENDARS.map((value) => (
            <option key={value} value={value}>
              {t(`sla.policies.calendars.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {calendar === 'custom' && (
        <fieldset className="field">
          <legend>{t('sla.policies.calendars.custom')}</legend>
          <div className="field">
            <label htmlFor={`${id}-timezone`}>{t('admin.hours.timezone')}</label>
            <input
              id={`${id}-timezone`}
              value={timezone}
              required
              onChange={(e) => setTimezone(e.target.value)}
            />
          </div>
          <div className="field">
            {WEEKDAYS.map((day) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={days.has(day)}
                  onChange={(e) =>
                    setDays((current) => {
                      const next = new Set(current);
                      if (e.target.checked) next.add(day);
                      else next.delete(day);
                      return next;
                    })
                  }
                />{' '}
                {t(`admin.hours.day.${day}`)}
              </label>
            ))}
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('admin.hours.from')}</label>
            <input
              id={`${id}-from`}
              type="time"
              value={from}
              required
              onChange={(e) => setFrom(e.target.value)}
            />
            <label htmlFor={`${id}-to`}>{t('admin.hours.to')}</label>
            <input id={`${id}-to`} type="time" value={to} required onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-holidays`}>{t('admin.hours.holidays')}</label>
            <textarea
              id={`${id}-holidays`}
              rows={3}
              value={holidays}
              onChange={(e) => setHolidays(e.target.value)}
            />
          </div>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-warn`}>{t('sla.policies.warnAtPercent')}</label>
        <input
          id={`${id}-warn`}
          type="number"
          min={1}
          max={99}
          value={warnAt}
          onChange={(e) => setWarnAt(e.target.value)}
        />
      </div>
      <fieldset className="field">
        <legend>{t('sla.policies.escalation')}</legend>
        <div className="field">
          <label htmlFor={`${id}-raise`}>{t('sla.policies.raisePriority')}</label>
          <select
            id={`${id}-raise`}
            value={raise}
            onChange={(e) => setRaise(e.target.value as Priority | '')}
          >
            <option value="">{t('sla.policies.noRaise')}</option>
            {PRIORITIES.filter((value) => value !== 'none').map((value) => (
              <option key={value} value={value}>
                {t(`priority.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-team`}>{t('sla.policies.notifyTeam')}</label>
          <select id={`${id}-team`} value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('sla.policies.nobody')}</option>
            {teams.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('sla.policies.notifyUser')}</label>
          <select id={`${id}-user`} value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">{t('sla.policies.nobody')}</option>
            {agents.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <Outcome action={action} />
      <div className="admin-form__actions">
        {policy && (
          <button type="button" className="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : policy ? t('admin.save') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}
