import { describe, expect, it } from 'vitest';
import type { Conversation } from '../api/types.ts';
import { slaDisplay, spanText } from './timers.ts';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const timer = (target: 'firstResponse' | 'nextResponse' | 'resolution', due: number, status = 'running') => ({
  target,
  status: status as 'running' | 'met' | 'stopped',
  startedAt: iso(0),
  dueAt: iso(due),
  warnAt: iso(due / 2),
  endedAt: null,
  warnedAt: null,
  breachedAt: null,
});
const sla = (...timers: ReturnType<typeof timer>[]): Conversation['sla'] => ({
  policyId: 'p',
  policyName: 'Standard',
  timers,
});

describe('SLA display', () => {
  it('shows the running timer due first, and whether it warns or is overdue', () => {
    const value = sla(timer('resolution', 480), timer('firstResponse', 30), timer('nextResponse', 5, 'met'));
    expect(slaDisplay(value, T0)).toMatchObject({ state: 'ok', remainingMs: 30 * 60_000 });
    expect(slaDisplay(value, T0)?.timer.target).toBe('firstResponse');
    expect(slaDisplay(value, T0 + 16 * 60_000)?.state).toBe('warning');
    expect(slaDisplay(value, T0 + 33 * 60_000)).toMatchObject({ state: 'overdue', remainingMs: -3 * 60_000 });
  });

  it('shows nothing without a running timer', () => {
    expect(slaDisplay(null, T0)).toBeNull();
    expect(slaDisplay(sla(timer('firstResponse', 30, 'met')), T0)).toBeNull();
  });

  it('writes spans short, rounding a countdown up', () => {
    expect(spanText(12 * 60_000, 'de')).toBe('12 Min.');
    expect(spanText(11 * 60_000 + 1_000, 'en')).toBe('12 min');
    expect(spanText(-3 * 60_000, 'de')).toBe('3 Min.');
    expect(spanText(-3 * 60_000 - 50_000, 'de')).toBe('3 Min.');
    expect(spanText(-20_000, 'en')).toBe('< 1 min');
    expect(spanText(0, 'en')).toBe('< 1 min');
    expect(spanText(3 * 60 * 60_000, 'en')).toBe('3 hr');
  });
});
