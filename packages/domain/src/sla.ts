/**
 * Service levels (issue 6, item 7): SLA policies, their timers on a conversation, warnings, breaches
 * and escalation. Pure: no I/O, no clock of its own (use-cases/sla.ts reads and writes, and passes now).
 *
 * - A policy (`sla_policies`) has targets in minutes for the first response, the next response and
 *   the resolution, counted in business time on a calendar: the inbox's business hours, the policy's
 *   own, or around the clock. It applies to the conversations of one priority, or only where a
 *   routing rule names it (`conversations.sla_policy_id`).
 * - A conversation's timers (`conversations.sla`, JSON) are recomputed by `nextSlaState` from what
 *   the conversation says (status, since when the customer waits, when it began) and the timers'
 *   previous state: the waiting rule (waiting.ts) is the one source of "answered", so whatever ends a
 *   wait (an agent's reply, an automatic answer that helped) meets a response target.
 * - A running timer schedules a `sla.check` job at its warning and at its due time; a recomputed
 *   timer has other times, so the old jobs find nothing to do (`applySlaAlert` returns null).
 */
import { openIntervals } from './business-hours.ts';
import type { NewJob } from './jobs.ts';
import type { BusinessHours, ConversationStatus, Language, Priority } from './types.ts';

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** always: around the clock; inbox: the conversation's inbox's business hours (none: around the clock); custom: the policy's own. */
export const SLA_CALENDARS = ['always', 'inbox', 'custom'] as const;
export type SlaCalendar = (typeof SLA_CALENDARS)[number];

export type SlaAlertKind = 'warning' | 'breach';

/** What happens when a timer warns or breaches, besides the event line and the realtime event. */
export interface SlaEscalation {
  /** Raised to this priority unless the conversation's is as high already. */
  raisePriority: Priority | null;
  /** Named on the event line and in the realtime event, so their workspaces can tell them. */
  notifyTeamId: string | null;
  notifyUserId: string | null;
}

export interface SlaPolicy {
  id: string;
  accountId: string;
  name: string;
  /** Applies to conversations of this priority; null: only where a routing rule names it. */
  priority: Priority | null;
  /** Minutes of business time; null: no such target. */
  targets: Record<SlaTarget, number | null>;
  calendar: SlaCalendar;
  /** Calendar custom only. */
  businessHours: BusinessHours | null;
  /** Warn when this share (1 to 99 %) of a target's time has passed; null: no warning. */
  warnAtPercent: number | null;
  escalation: Record<SlaAlertKind, SlaEscalation | null>;
  createdAt: string;
  updatedAt: string;
}

export type SlaPolicyInput = Pick<
  SlaPolicy,
  'name' | 'priority' | 'targets' | 'calendar' | 'businessHours' | 'warnAtPercent' | 'escalation'
>;

/**
 * One target's clock in its current cycle. running: counting; met: the wait ended or the conversation
 * was resolved (late or not: compare endedAt with dueAt); stopped: ended without being met (resolved
 * while the customer still waited for a response).
 */
export interface SlaTimer {
  target: SlaTarget;
  startedAt: string;
  /** null: the calendar never opens, so it cannot be due. */
  dueAt: string | null;
  warnAt: string | null;
  status: 'running' | 'met' | 'stopped';
  endedAt: string | null;
  /** When the warning and the breach were recorded (once per cycle and due time). */
  warnedAt: string | null;
  breachedAt: string | null;
}

export interface ConversationSla {
  policyId: string;
  policyName: string;
  timers: SlaTimer[];
}

/** What the timers follow; all of it is on the conversation. */
export interface SlaFacts {
  status: ConversationStatus;
  /** The waiting rule's answer (waiting.ts): since when the customer waits, null: nobody waits. */
  waitingSince: string | null;
  /** Conversations begin with the customer's first message, at this instant. */
  createdAt: string;
}

const MINUTE = 60_000;
/** A due time further than this is as good as none, and a calendar open a minute a week would take ages to walk. */
const HORIZON_MS = 2 * 366 * 24 * 60 * MINUTE;

// ---- business time ----

/**
 * The instant `ms` of business time after `start` on the calendar (null: around the clock). Closed
 * hours and holidays do not count; open time counts as it passes on the wall, so a day the clocks
 * change is as long as it really is. null when the calendar never opens again (or not within two
 * years: no due time at all).
 */
export function addBusinessTime(hours: BusinessHours | null, start: Date, ms: number): Date | null {
  const from = start.getTime();
  if (!hours) return new Date(from + ms);
  let remaining = ms;
  for (const [open, close] of openIntervals(hours, start)) {
    if (open > from + HORIZON_MS) return null;
    if (close <= from) continue;
    const begin = Math.max(open, from);
    if (begin + remaining <= close) return new Date(begin + remaining);
    remaining -= close - begin;
  }
  return null;
}

// ---- the timers ----

/** The policy for a conversation: the one a routing rule named, else the one for its priority. */
export function choosePolicy(
  policies: readonly SlaPolicy[],
  conversation: { priority: Priority; slaPolicyId?: string | null },
): SlaPolicy | null {
  if (conversation.slaPolicyId) {
    const named = policies.find((policy) => policy.id === conversation.slaPolicyId);
    if (named) return named;
  }
  return policies.find((policy) => policy.priority === conversation.priority) ?? null;
}

function schedule(
  target: SlaTarget,
  startedAt: string,
  policy: SlaPolicy,
  calendar: BusinessHours | null,
): Pick<SlaTimer, 'dueAt' | 'warnAt'> {
  const minutes = policy.targets[target]!;
  const start = new Date(startedAt);
  const due = addBusinessTime(calendar, start, minutes * MINUTE);
  const warn =
    policy.warnAtPercent !== null
      ? addBusinessTime(calendar, start, Math.round((minutes * MINUTE * policy.warnAtPercent) / 100))
      : null;
  return { dueAt: due?.toISOString() ?? null, warnAt: warn?.toISOString() ?? null };
}

const running = (target: SlaTarget, startedAt: string): SlaTimer => ({
  target,
  startedAt,
  dueAt: null,
  warnAt: null,
  status: 'running',
  endedAt: null,
  warnedAt: null,
  breachedAt: null,
});

/**
 * The timers after a change, from their previous state and the conversation as it is now:
 *
 * - first response: runs from the first message while that first wait lasts; met when it ends
 *   (a reply), stopped when the conversation is resolved without one. A policy that comes later
 *   (a raised priority) starts it only while the first wait still lasts.
 * - next response: a cycle per later wait (from the customer's next message after a response);
 *   met when the wait ends, stopped by resolving; the next wait starts the next cycle.
 * - resolution: runs from the first message until resolved (met); a reopened conversation starts
 *   a new cycle at the reopening.
 *
 * Due and warning times of running timers are computed again with the policy and calendar of now
 * (a changed priority or policy moves them); a recorded warning or breach stays only while its time
 * is unchanged. Ended timers stay as they ended. null when no policy applies.
 */
export function nextSlaState(input: {
  previous: ConversationSla | null;
  policy: SlaPolicy | null;
  calendar: BusinessHours | null;
  conversation: SlaFacts;
  now: Date;
}): ConversationSla | null {
  const { policy, calendar, conversation } = input;
  if (!policy) return null;
  const now = input.now.toISOString();
  const previous = new Map((input.previous?.timers ?? []).map((timer) => [timer.target, timer]));
  const resolved = conversation.status === 'resolved';
  const { waitingSince, createdAt } = conversation;
  const end = (timer: SlaTimer, status: 'met' | 'stopped'): SlaTimer => ({ ...timer, status, endedAt: now });

  const next: Partial<Record<SlaTarget, SlaTimer>> = {};

  // First response: the first wait is the one that began with the conversation.
  const first = previous.get('firstResponse');
  if (first?.status === 'running') {
    if (waitingSince !== first.startedAt) next.firstResponse = end(first, 'met');
    else next.firstResponse = resolved ? end(first, 'stopped') : first;
  } else if (first) {
    next.firstResponse = first;
  } else if (!resolved && waitingSince !== null && waitingSince === createdAt) {
    next.firstResponse = running('firstResponse', createdAt);
  }

  // Next response: every later wait is a cycle of its own, identified by its start.
  const later = waitingSince !== null && waitingSince !== createdAt && !resolved;
  const cycle = previous.get('nextResponse');
  if (cycle?.status === 'running' && !(later && cycle.startedAt === waitingSince)) {
    next.nextResponse = end(cycle, waitingSince === cycle.startedAt ? 'stopped' : 'met');
  } else if (cycle) {
    next.nextResponse = cycle;
  }
  if (later && waitingSince !== null && next.nextResponse?.startedAt !== waitingSince) {
    next.nextResponse = running('nextResponse', waitingSince);
  }

  // Resolution: until resolved; reopening starts again.
  const resolution = previous.get('resolution');
  if (resolution?.status === 'running') {
    next.resolution = resolved ? end(resolution, 'met') : resolution;
  } else if (resolution) {
    next.resolution = resolved ? resolution : running('resolution', now);
  } else if (!resolved) {
    next.resolution = running('resolution', createdAt);
  }

  const timers: SlaTimer[] = [];
  for (const target of SLA_TARGETS) {
    const timer = next[target];
    if (!timer || policy.targets[target] === null) continue;
    if (timer.status !== 'running') {
      timers.push(timer);
      continue;
    }
    const { dueAt, warnAt } = schedule(target, timer.startedAt, policy, calendar);
    timers.push({
      ...timer,
      dueAt,
      warnAt,
      warnedAt: warnAt === timer.warnAt ? timer.warnedAt : null,
      breachedAt: dueAt === timer.dueAt ? timer.breachedAt : null,
    });
  }
  return { policyId: policy.id, policyName: policy.name, timers };
}

export const sameSla = (a: ConversationSla | null | undefined, b: ConversationSla | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The `sla.check` jobs a state needs: the warning and the breach of each running timer, not yet recorded. */
export function slaCheckJobs(conversationId: string, sla: ConversationSla | null): NewJob[] {
  const jobs: NewJob[] = [];
  for (const timer of sla?.timers ?? []) {
    if (timer.status !== 'running') continue;
    const checks: [SlaAlertKind, string | null, string | null][] = [
      ['warning', timer.warnAt, timer.warnedAt],
      ['breach', timer.dueAt, timer.breachedAt],
    ];
    for (const [kind, at, recorded] of checks) {
      if (at === null || recorded !== null) continue;
      jobs.push({
        type: 'sla.check',
        payload: { conversationId, target: timer.target, kind, at },
        // The time is part of the key: a recomputed timer schedules anew, a repeated refresh does not.
        idempotencyKey: `sla.check:${conversationId}:${timer.target}:${kind}:${at}`,
        runAt: at,
      });
    }
  }
  return jobs;
}

/**
 * Records a warning or breach a `sla.check` job found due, or null when there is nothing to do: the
 * timer ended or was recomputed (another time), it was recorded already, or its time has not come.
 * A breach before its warning was recorded records both (one alert, the breach).
 */
export function applySlaAlert(
  sla: ConversationSla | null,
  check: { target: SlaTarget; kind: SlaAlertKind; at: string },
  now: Date,
): ConversationSla | null {
  const timer = sla?.timers.find((candidate) => candidate.target === check.target);
  if (!sla || !timer || timer.status !== 'running' || Date.parse(check.at) > now.getTime()) return null;
  const stamp = now.toISOString();
  let updated: SlaTimer;
  if (check.kind === 'warning') {
    if (timer.warnAt !== check.at || timer.warnedAt !== null || timer.breachedAt !== null) return null;
    updated = { ...timer, warnedAt: stamp };
  } else {
    if (timer.dueAt !== check.at || timer.breachedAt !== null) return null;
    updated = { ...timer, breachedAt: stamp, warnedAt: timer.warnedAt ?? (timer.warnAt && stamp) };
  }
  return { ...sla, timers: sla.timers.map((candidate) => (candidate === timer ? updated : candidate)) };
}

const PRIORITY_RANK: Record<Priority, number> = { none: 0, low: 1, medium: 2, high: 3, urgent: 4 };

/** The escalation's priority, when it is higher than the conversation's; never lowers one. */
export function raisedPriority(current: Priority, escalation: SlaEscalation | null): Priority | null {
  const raise = escalation?.raisePriority;
  return raise && PRIORITY_RANK[raise] > PRIORITY_RANK[current] ? raise : null;
}

// ---- the event line ----

const TARGET_NAMES: Record<Language, Record<SlaTarget, string>> = {
  de: { firstResponse: 'Erste Antwort', nextResponse: 'Nächste Antwort', resolution: 'Lösung' },
  en: { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' },
};

const PRIORITY_NAMES: Record<Language, Record<Priority, string>> = {
  de: { none: 'keine', low: 'Niedrig', medium: 'Mittel', high: 'Hoch', urgent: 'Dringend' },
  en: { none: 'none', low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' },
};

export interface SlaAlertLine {
  kind: SlaAlertKind;
  target: SlaTarget;
  dueAt: string;
  policyName: string;
  /** The calendar's zone to state the due time in; UTC around the clock. */
  timezone: string;
  raisedTo: Priority | null;
  /** Names of the notified team and user. */
  notified: string[];
}

/** The timeline's line about a warning or breach, in the account's language. */
export function slaAlertText(language: Language, alert: SlaAlertLine): string {
  const time = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: alert.timezone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(alert.dueAt));
  const target = TARGET_NAMES[language][alert.target];
  const parts: string[] = [];
  if (language === 'de') {
    parts.push(
      alert.kind === 'breach'
        ? `SLA verletzt: ${target} war fällig am ${time} (Richtlinie „${alert.policyName}“).`
        : `SLA-Warnung: ${target} ist fällig am ${time} (Richtlinie „${alert.policyName}“).`,
    );
    if (alert.raisedTo) parts.push(`Priorität auf ${PRIORITY_NAMES.de[alert.raisedTo]} angehoben.`);
    if (alert.notified.length > 0) parts.push(`Benachrichtigt: ${alert.notified.join(', ')}.`);
  } else {
    parts.push(
      alert.kind === 'breach'
        ? `SLA breached: ${target} was due ${time} (policy "${alert.policyName}").`
        : `SLA warning: ${target} is due ${time} (policy "${alert.policyName}").`,
    );
    if (alert.raisedTo) parts.push(`Priority raised to ${PRIORITY_NAMES.en[alert.raisedTo]}.`);
    if (alert.notified.length > 0) parts.push(`Notified: ${alert.notified.join(', ')}.`);
  }
  return parts.join(' ');
}

// ---- storage ----

/** A warning or breach as recorded for the metrics (`sla_events`). */
export interface SlaEvent {
  id: string;
  accountId: string;
  conversationId: string;
  policyId: string;
  target: SlaTarget;
  kind: SlaAlertKind;
  dueAt: string;
  createdAt: string;
}

export interface SlaRepository {
  createPolicy(input: SlaPolicyInput & { accountId: string }): Promise<SlaPolicy>;
  getPolicy(accountId: string, id: string): Promise<SlaPolicy | undefined>;
  /** Oldest first (the oldest policy of a priority wins if two ever share one). */
  listPolicies(accountId: string): Promise<SlaPolicy[]>;
  updatePolicy(accountId: string, id: string, input: SlaPolicyInput): Promise<SlaPolicy>;
  deletePolicy(accountId: string, id: string): Promise<void>;
  /**
   * Locks the conversation's row until the transaction ends (PostgreSQL: FOR UPDATE), so a check
   * job and a reply or another check cannot both write timers computed from the same old state.
   */
  lockConversation(accountId: string, conversationId: string): Promise<void>;
  recordEvent(input: Omit<SlaEvent, 'id' | 'createdAt'> & { at: string }): Promise<SlaEvent>;
  /** Newest first. */
  listEvents(
    accountId: string,
    filter: { conversationId?: string; since?: string; limit: number },
  ): Promise<SlaEvent[]>;
}
