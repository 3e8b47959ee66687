/**
 * Routing rules (admins): the rules in evaluation order with what each does and what keeps it from
 * being evaluated, moved up and down; one form to write a new rule or change the chosen one. The
 * fallback rule is always last: its actions can be changed, its conditions cannot (it has none).
 */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi, Team } from '../admin/api.ts';
import type { Agent, Inbox } from '../api/types.ts';
import { useAction, useLoad } from '../admin/hooks.ts';
import { LoadState, Outcome } from '../admin/Outcome.tsx';
import type { RoutingActions, RoutingApi, RoutingCondition, RoutingRule } from './api.ts';

const KINDS = [
  'channel',
  'inbox',
  'language',
  'intent',
  'sentiment',
  'cue',
  'complexity',
  'contactAttribute',
  'businessHours',
] as const;
type Kind = (typeof KINDS)[number];
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

interface Lookups {
  teams: Team[];
  agents: Agent[];
  inboxes: Inbox[];
  slaPolicies: { id: string; name: string }[];
}

export function RoutingRulesScreen({ routing, admin }: { routing: RoutingApi; admin: AdminApi }) {
  const { t } = useTranslation();
  const rules = useLoad(() => routing.rules().then((r) => r.items), 'routing-rules');
  const lookups = useLoad(async (): Promise<Lookups> => {
    const [teams, agents, inboxes, slaPolicies] = await Promise.all([
      admin.teams(),
      admin.agents(),
      admin.inboxes(),
      routing.slaPolicies(),
    ]);
    return {
      teams: teams.items,
      agents: agents.items,
      inboxes: inboxes.items,
      slaPolicies: slaPolicies.items,
    };
  }, 'routing-lookups');
  const [editing, setEditing] = useState<RoutingRule | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useAction();

  // A new key after each save: the form starts empty again for the next rule.
  const [generation, setGeneration] = useState(0);
  function saved() {
    rules.reload();
    setEditing(null);
    setGeneration((n) => n + 1);
  }

  function edit(rule: RoutingRule) {
    setEditing(rule);
    requestAnimationFrame(() => formRef.current?.querySelector('input')?.focus());
  }

  async function move(rule: RoutingRule, by: -1 | 1) {
    const movable = (rules.data ?? []).filter((r) => !r.isFallback).map((r) => r.id);
    const from = movable.indexOf(rule.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= movable.length) return;
    [movable[from], movable[to]] = [movable[to]!, movable[from]!];
    await change.run(async () => {
      const result = await routing.reorder(movable);
      rules.setData(() => result.items);
    });
  }

  async function destroy(rule: RoutingRule) {
    if (!window.confirm(t('routing.confirmDelete', { name: rule.name }))) return;
    const ok = await change.run(() => routing.remove(rule.id));
    if (ok) {
      rules.setData((current) => current?.filter((other) => other.id !== rule.id));
      if (editing?.id === rule.id) setEditing(null);
    }
  }

  const list = rules.data;
  const known = lookups.data;
  const movableCount = list?.filter((r) => !r.isFallback).length ?? 0;
  return (
    <div className="admin-columns admin-columns--wide-first">
      <div className="admin-column">
        <p className="admin__intro">{t('routing.intro')}</p>
        <section className="admin-card" aria-labelledby="routing-list-title">
          <h2 id="routing-list-title">{t('routing.list')}</h2>
          {!list || !known ? (
            <LoadState error={rules.error ?? lookups.error} />
          ) : (
            <ol className="routing-list">
              {list.map((rule, index) => (
                <li key={rule.id} className="routing-list__item" data-rule={rule.name}>
                  <div className="routing-list__head">
                    <span className="routing-list__name">
                      {rule.isFallback ? t('routing.fallback') : rule.name}
                    </span>
                    {!rule.enabled && <span className="badge">{t('routing.disabled')}</span>}
                  </div>
                  <p className="routing-list__conditions">
                    {rule.isFallback || rule.conditions.length === 0
                      ? t('routing.noConditions')
                      : rule.conditions.map((c) => describeCondition(c, t, known)).join(' · ')}
                  </p>
                  <p className="routing-list__actions muted">→ {describeActions(rule.actions, t, known)}</p>
                  {rule.problems.length > 0 && (
                    <div className="notice notice--error routing-list__problems" role="alert">
                      <strong>{t('routing.problems')}:</strong> {rule.problems.join('; ')}
                    </div>
                  )}
                  <div className="canned-list__actions">
                    <button type="button" className="button" onClick={() => edit(rule)}>
                      {t('admin.edit')}
                      <span className="visually-hidden"> {rule.name}</span>
                    </button>
                    {!rule.isFallback && (
                      <>
                        <button
                          type="button"
                          className="button"
                          disabled={index === 0 || change.busy}
                          onClick={() => void move(rule, -1)}
                        >
                          {t('routing.moveUp')}
                          <span className="visually-hidden"> {rule.name}</span>
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={index >= movableCount - 1 || change.busy}
                          onClick={() => void move(rule, 1)}
                        >
                          {t('routing.moveDown')}
                          <span className="visually-hidden"> {rule.name}</span>
                        </button>
                        <button type="button" className="button" onClick={() => void destroy(rule)}>
                          {t('admin.delete')}
                          <span className="visually-hidden"> {rule.name}</span>
                        </button>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          )}
          {change.outcome && !change.outcome.ok && <Outcome action={change} />}
        </section>
      </div>
      <div className="admin-column admin-column--narrow">
        {lookups.data && (
          <RuleForm
            key={editing?.id ?? `new-${generation}`}
            formRef={formRef}
            routing={routing}
            rule={editing}
            lookups={lookups.data}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </div>
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function describeCondition(c: RoutingCondition, t: T, lookups: Lookups): string {
  const label = t(`routing.kind.${c.kind}`);
  switch (c.kind) {
    case 'inbox':
      return `${label} = ${c.in.map((id) => lookups.inboxes.find((i) => i.id === id)?.name ?? id).join(', ')}`;
    case 'channel':
    case 'language':
    case 'intent':
    case 'sentiment':
      return `${label} = ${c.in.join(', ')}`;
    case 'cue':
      return `${label}: ${t(`routing.cue.${c.cue}`)}`;
    case 'complexity':
      return `${label} ${c.below ? '<' : '≥'} ${c.atLeast}`;
    case 'contactAttribute':
      return `${c.key} = ${String(c.equals)}`;
    case 'businessHours':
      return `${label}: ${c.open ? t('routing.open') : t('routing.closed')}`;
  }
}

function describeActions(a: RoutingActions, t: T, lookups: Lookups): string {
  const parts: string[] = [];
  if (a.teamId)
    parts.push(
      t('routing.summary.team', { name: lookups.teams.find((x) => x.id === a.teamId)?.name ?? a.teamId }),
    );
  if (a.priority) parts.push(t('routing.summary.priority', { priority: t(`priority.${a.priority}`) }));
  if (a.labels?.length) parts.push(t('routing.summary.labels', { labels: a.labels.join(', ') }));
  if (a.assign?.mode === 'auto') parts.push(t('routing.summary.assignAuto'));
  if (a.assign?.mode === 'user') {
    const userId = a.assign.userId;
    parts.push(
      t('routing.summary.assignUser', { name: lookups.agents.find((x) => x.id === userId)?.name ?? userId }),
    );
  }
  if (a.slaPolicyId) {
    const policyId = a.slaPolicyId;
    parts.push(
      t('routing.summary.sla', {
        name: lookups.slaPolicies.find((x) => x.id === policyId)?.name ?? policyId,
      }),
    );
  }
  if (a.autoAnswer === false) parts.push(t('routing.summary.noAutoAnswer'));
  return parts.length ? parts.join(' · ') : t('routing.summary.nothing');
}

/** A condition as the form edits it: lists as comma-separated text. */
interface DraftCondition {
  kind: Kind;
  values: string;
  cue: 'anger' | 'urgency';
  atLeast: string;
  below: boolean;
  key: string;
  equals: string;
  open: boolean;
}

const emptyDraft = (kind: Kind): DraftCondition => ({
  kind,
  values: '',
  cue: 'anger',
  atLeast: '0.6',
  below: false,
  key: 'vip',
  equals: 'true',
  open: true,
});

function toDraft(c: RoutingCondition): DraftCondition {
  const draft = emptyDraft(c.kind);
  if ('in' in c) draft.values = c.in.join(', ');
  if (c.kind === 'cue') draft.cue = c.cue;
  if (c.kind === 'complexity') {
    draft.atLeast = String(c.atLeast);
    draft.below = c.below ?? false;
  }
  if (c.kind === 'contactAttribute') {
    draft.key = c.key;
    draft.equals = String(c.equals);
  }
  if (c.kind === 'businessHours') draft.open = c.open;
  return draft;
}

const list = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function fromDraft(d: DraftCondition): RoutingCondition {
  switch (d.kind) {
    case 'channel':
      return { kind: 'channel', in: list(d.values) as ('api' | 'webchat' | 'email')[] };
    case 'inbox':
      return { kind: 'inbox', in: list(d.values) };
    case 'language':
      return { kind: 'language', in: list(d.values).map((v) => v.toLowerCase()) as ('de' | 'en')[] };
    case 'intent':
      return { kind: 'intent', in: list(d.values).map((v) => v.toLowerCase()) };
    case 'sentiment':
      return {
        kind: 'sentiment',
        in: list(d.values).map((v) => v.toLowerCase()) as ('negative' | 'neutral' | 'positive')[],
      };
    case 'cue':
      return { kind: 'cue', cue: d.cue };
    case 'complexity':
      return { kind: 'complexity', atLeast: Number(d.atLeast), ...(d.below && { below: true }) };
    case 'contactAttribute': {
      const equals = d.equals === 'true' ? true : d.equals === 'false' ? false : d.equals;
      return { kind: 'contactAttribute', key: d.key.trim(), equals };
    }
    case 'businessHours':
      return { kind: 'businessHours', open: d.open };
  }
}

interface RuleFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  routing: RoutingApi;
  rule: RoutingRule | null;
  lookups: Lookups;
  onSaved: (rule: RoutingRule) => void;
  onCancel: () => void;
}

function RuleForm({ formRef, routing, rule, lookups, onSaved, onCancel }: RuleFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const isFallback = rule?.isFallback ?? false;
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [conditions, setConditions] = useState<DraftCondition[]>(rule?.conditions.map(toDraft) ?? []);
  const [newKind, setNewKind] = useState<Kind>('intent');
  const actions = rule?.actions ?? {};
  const [autoAnswer, setAutoAnswer] = useState(actions.autoAnswer !== false);
  const [teamId, setTeamId] = useState(actions.teamId ?? '');
  const [priority, setPriority] = useState<string>(actions.priority ?? '');
  const [labels, setLabels] = useState((actions.labels ?? []).join(', '));
  const [assign, setAssign] = useState(
    actions.assign?.mode === 'user' ? actions.assign.userId : actions.assign?.mode === 'auto' ? 'auto' : '',
  );
  const [slaPolicyId, setSlaPolicyId] = useState(actions.slaPolicyId ?? '');
  const action = useAction();

  const patch = (i: number, changes: Partial<DraftCondition>) =>
    setConditions((current) => current.map((c, j) => (j === i ? { ...c, ...changes } : c)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const nextActions: RoutingActions = {
      ...(!autoAnswer && { autoAnswer: false }),
      ...(teamId && { teamId }),
      ...(priority && { priority: priority as RoutingActions['priority'] }),
      ...(list(labels).length > 0 && { labels: list(labels) }),
      ...(assign === 'auto'
        ? { assign: { mode: 'auto' as const } }
        : assign
          ? { assign: { mode: 'user' as const, userId: assign } }
          : {}),
      ...(slaPolicyId.trim() && { slaPolicyId: slaPolicyId.trim() }),
    };
    const fields = {
      name: name.trim() || t('routing.fallback'),
      enabled,
      conditions: isFallback ? [] : conditions.map(fromDraft),
      actions: nextActions,
    };
    await action.run(async () => {
      if (rule && isFallback)
        onSaved(await routing.update(rule.id, { name: fields.name, actions: nextActions }));
      else if (rule) onSaved(await routing.update(rule.id, fields));
      else onSaved(await routing.create(fields));
    });
  }

  return (
    <form
      ref={formRef}
      className="admin-card admin-form routing-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>{rule ? t('routing.editing', { name: rule.name }) : t('routing.new')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('routing.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      {!isFallback && (
        <>
          <label className="admin-check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
            {t('routing.enabled')}
          </label>
          <fieldset className="routing-form__conditions">
            <legend>{t('routing.conditions')}</legend>
            {conditions.map((c, i) => (
              <div key={i} className="routing-condition" data-kind={c.kind}>
                <strong>{t(`routing.kind.${c.kind}`)}</strong>
                {(c.kind === 'channel' ||
                  c.kind === 'inbox' ||
                  c.kind === 'language' ||
                  c.kind === 'intent' ||
                  c.kind === 'sentiment') && (
                  <input
                    aria-label={`${t(`routing.kind.${c.kind}`)}: ${t('routing.values')}`}
                    value={c.values}
                    required
                    placeholder={
                      c.kind === 'channel'
                        ? 'api, webchat, email'
                        : c.kind === 'language'
                          ? 'de, en'
                          : c.kind === 'sentiment'
                            ? 'negative, neutral, positive'
                            : c.kind === 'inbox'
                              ? lookups.inboxes.map((x) => x.id).join(', ')
                              : 'refund'
                    }
                    onChange={(e) => patch(i, { values: e.target.value })}
                  />
                )}
                {c.kind === 'cue' && (
                  <select
                    aria-label={t('routing.kind.cue')}
                    value={c.cue}
                    onChange={(e) => patch(i, { cue: e.target.value as 'anger' | 'urgency' })}
                  >
                    <option value="anger">{t('routing.cue.anger')}</option>
                    <option value="urgency">{t('routing.cue.urgency')}</option>
                  </select>
                )}
                {c.kind === 'complexity' && (
                  <input
                    aria-label={t('routing.threshold')}
                    type="number"
                    min={0}
                    max={1}
                    step={0.05}
                    value={c.atLeast}
                    onChange={(e) => patch(i, { atLeast: e.target.value })}
                  />
                )}
                {c.kind === 'contactAttribute' && (
                  <>
                    <input
                      aria-label={t('routing.attributeKey')}
                      value={c.key}
                      required
                      onChange={(e) => patch(i, { key: e.target.value })}
                    />
                    <input
                      aria-label={t('routing.attributeValue')}
                      value={c.equals}
                      onChange={(e) => patch(i, { equals: e.target.value })}
                    />
                  </>
                )}
                {c.kind === 'businessHours' && (
                  <select
                    aria-label={t('routing.kind.businessHours')}
                    value={c.open ? 'open' : 'closed'}
                    onChange={(e) => patch(i, { open: e.target.value === 'open' })}
                  >
                    <option value="open">{t('routing.open')}</option>
                    <option value="closed">{t('routing.closed')}</option>
                  </select>
                )}
                <button
                  type="button"
                  className="button"
                  onClick={() => setConditions((current) => current.filter((_, j) => j !== i))}
                >
                  {t('routing.removeCondition')}
                </button>
              </div>
            ))}
            <div className="routing-condition">
              <select
                aria-label={t('routing.addCondition')}
                value={newKind}
                onChange={(e) => setNewKind(e.target.value as Kind)}
              >
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`routing.kind.${kind}`)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button"
                onClick={() => setConditions((current) => [...current, emptyDraft(newKind)])}
              >
                {t('routing.addCondition')}
              </button>
            </div>
          </fieldset>
        </>
      )}
      <fieldset>
        <legend>{t('routing.actions')}</legend>
        <label className="admin-check">
          <input type="checkbox" checked={autoAnswer} onChange={(e) => setAutoAnswer(e.target.checked)} />{' '}
          {t('routing.autoAnswer')}
        </label>
        <div className="field">
          <label htmlFor={`${id}-team`}>{t('routing.team')}</label>
          <select id={`${id}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">{t('routing.noTeam')}</option>
            {lookups.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>{t('routing.priority')}</label>
          <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">{t('routing.noPriority')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-labels`}>{t('routing.labels')}</label>
          <input id={`${id}-labels`} value={labels} onChange={(e) => setLabels(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-assign`}>{t('routing.assign')}</label>
          <select id={`${id}-assign`} value={assign} onChange={(e) => setAssign(e.target.value)}>
            <option value="">{t('routing.assignNone')}</option>
            <option value="auto">{t('routing.assignAuto')}</option>
            {lookups.agents
              .filter((agent) => agent.role !== 'partner')
              .map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sla`}>{t('routing.slaPolicy')}</label>
          <select id={`${id}-sla`} value={slaPolicyId} onChange={(e) => setSlaPolicyId(e.target.value)}>
            <option value="">{t('routing.noSlaPolicy')}</option>
            {lookups.slaPolicies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : rule ? t('admin.save') : t('admin.create')}
        </button>
        {rule && (
          <button type="button" className="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
      </div>
      <Outcome action={action} />
    </form>
  );
}
