/**
 * What the workspace shows of a conversation's SLA timers, computed on the agent's own clock from
 * the due times the server sent (the server only writes when a timer starts, moves or ends; the
 * countdown between is ours).
 */
import type { Conversation } from '../api/types.ts';

type Sla = NonNullable<Conversation['sla']>;
export type SlaTimer = Sla['timers'][number];

export interface SlaDisplay {
  timer: SlaTimer;
  policyName: string;
  /** ok: counting; warning: past the warning time; overdue: past the due time. */
  state: 'ok' | 'warning' | 'overdue';
  /** Milliseconds until due (positive) or since due (negative). */
  remainingMs: number;
}

/** The running timer due first, or null when none runs (or none can be due). */
export function slaDisplay(sla: Conversation['sla'], now: number): SlaDisplay | null {
  let next: SlaTimer | undefined;
  for (const timer of sla?.timers ?? []) {
    if (timer.status !== 'running' || timer.dueAt === null) continue;
    if (!next || Date.parse(timer.dueAt) < Date.parse(next.dueAt!)) next = timer;
  }
  if (!sla || !next) return null;
  const remainingMs = Date.parse(next.dueAt!) - now;
  const state =
    remainingMs <= 0 ? 'overdue' : next.warnAt !== null && Date.parse(next.warnAt) <= now ? 'warning' : 'ok';
  return { timer: next, policyName: sla.policyName, state, remainingMs };
}

const units = new Map<string, Intl.NumberFormat>();

/**
 * A span in the agent's language, short: "12 Min." / "12 min", "3 Std." / "3 hr", "2 Tg." / "2 days";
 * under a minute "< 1 Min." (never "0 min"). Rounded up while counting down (positive: "due in 1 min"
 * until it is late), down once late (negative: "overdue by 3 min" for the whole fourth minute).
 */
export function spanText(ms: number, language: string): string {
  const minutes = ms > 0 ? Math.ceil(ms / 60_000) : Math.floor(-ms / 60_000);
  const [value, unit] =
    minutes < 60
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.floor(minutes / 60), 'hour']
        : [Math.floor(minutes / (24 * 60)), 'day'];
  const key = `${language}|${unit}`;
  let formatter = units.get(key);
  if (!formatter)
    units.set(
      key,
      (formatter = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' })),
    );
  return value === 0 ? `< ${formatter.format(1)}` : formatter.format(value);
}
