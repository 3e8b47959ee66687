import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  applySlaAlert,
  choosePolicy,
  nextSlaState,
  raisedPriority,
  slaAlertText,
  slaCheckJobs,
  type ConversationSla,
  type SlaFacts,
  type SlaPolicy,
} from './sla.ts';
import type { BusinessHours } from './types.ts';

const weekdays = [{ from: '09:00', to: '17:00' }];
const berlin: BusinessHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [], sun: [] },
  holidays: ['2026-12-25', '2026-12-26'],
  typicalReplyMinutes: 10,
};
const iso = (date: Date | null) => date?.toISOString() ?? null;
const plus = (start: string, minutes: number, hours: BusinessHours | null = berlin) =>
  iso(addBusinessTime(hours, new Date(start), minutes * 60_000));

describe('business time', () => {
  it('counts around the clock without a calendar', () => {
    expect(plus('2026-11-23T20:00:00.000Z', 90, null)).toBe('2026-11-23T21:30:00.000Z');
  });

  it('counts open minutes only: inside an interval, and across the night', () => {
    // Monday 10:00 CET + 30 min.
    expect(plus('2026-11-23T09:00:00.000Z', 30)).toBe('2026-11-23T09:30:00.000Z');
    // Monday 16:30 CET + 60 min: 30 today, 30 from Tuesday 09:00.
    expect(plus('2026-11-23T15:30:00.000Z', 60)).toBe('2026-11-24T08:30:00.000Z');
    // Written at night (Monday 22:00): "30 business minutes" is Tuesday 09:30.
    expect(plus('2026-11-23T21:00:00.000Z', 30)).toBe('2026-11-24T08:30:00.000Z');
  });

  it('skips weekends and holidays', () => {
    // Friday 16:00 + 120 min: 60 on Friday, the weekend closed, 60 on Monday.
    expect(plus('2026-11-27T15:00:00.000Z', 120)).toBe('2026-11-30T09:00:00.000Z');
    // Thursday 24 Dec 16:00 + 120: Friday 25 and Saturday 26 are holidays, Sunday closed → Monday 28 10:00.
    expect(plus('2026-12-24T15:00:00.000Z', 120)).toBe('2026-12-28T09:00:00.000Z');
  });

  it('keeps wall-clock opening hours across daylight saving changes', () => {
    // Friday 27 March 16:00 CET + 120 min → Monday 30 March 10:00 CEST (08:00 UTC, not 09:00).
    expect(plus('2026-03-27T15:00:00.000Z', 120)).toBe('2026-03-30T08:00:00.000Z');
    // Friday 23 Oct 16:00 CEST + 120 min → Monday 26 Oct 10:00 CET (09:00 UTC).
    expect(plus('2026-10-23T14:00:00.000Z', 120)).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts a day the clocks change as long as it really is', () => {
    const allDay = [{ from: '00:00', to: '24:00' }];
    const sundays: BusinessHours = {
      ...berlin,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: allDay },
      holidays: [],
    };
    // Sunday 25 October 2026 has 25 hours in Berlin: 24 business hours end at 23:00 local time.
    expect(plus('2026-10-24T22:00:00.000Z', 24 * 60, sundays)).toBe('2026-10-25T22:00:00.000Z');
    // Sunday 29 March 2026 has 23 hours: 23 business hours fill it, the 24th is on the next Sunday.
    expect(plus('2026-03-28T23:00:00.000Z', 23 * 60, sundays)).toBe('2026-03-29T22:00:00.000Z');
    expect(plus('2026-03-28T23:00:00.000Z', 24 * 60, sundays)).toBe('2026-04-04T23:00:00.000Z');
  });

  it('is null when the calendar never opens', () => {
    const closed: BusinessHours = {
      ...berlin,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(addBusinessTime(closed, new Date('2026-11-23T09:00:00Z'), 60_000)).toBeNull();
    // Open one minute a week: 30 days of business time lie centuries ahead, so no due time.
    const minute: BusinessHours = {
      ...closed,
      weekly: { ...closed.weekly, mon: [{ from: '09:00', to: '09:01' }] },
    };
    expect(addBusinessTime(minute, new Date('2026-11-23T09:00:00Z'), 30 * 24 * 60 * 60_000)).toBeNull();
  });
});

const policy: SlaPolicy = {
  id: 'p1',
  accountId: 'a',
  name: 'Standard',
  priority: 'none',
  targets: { firstResponse: 30, nextResponse: 60, resolution: 480 },
  calendar: 'always',
  businessHours: null,
  warnAtPercent: 50,
  escalation: { warning: null, breach: { raisePriority: 'high', notifyTeamId: null, notifyUserId: null } },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const T0 = '2026-11-23T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000);
const facts = (changes: Partial<SlaFacts> = {}): SlaFacts => ({
  status: 'open',
  waitingSince: T0,
  createdAt: T0,
  ...changes,
});
const step = (previous: ConversationSla | null, conversation: SlaFacts, minutes: number, p = policy) =>
  nextSlaState({ previous, policy: p, calendar: null, conversation, now: at(minutes) });
const timer = (sla: ConversationSla | null, target: string) => sla?.timers.find((t) => t.target === target);

describe('SLA timers', () => {
  it('start with the first message: first response and resolution run, next response waits', () => {
    const sla = step(null, facts(), 0);
    expect(sla?.policyId).toBe('p1');
    expect(timer(sla, 'firstResponse')).toMatchObject({
      status: 'running',
      startedAt: T0,
      dueAt: at(30).toISOString(),
      warnAt: at(15).toISOString(),
    });
    expect(timer(sla, 'resolution')?.dueAt).toBe(at(480).toISOString());
    expect(timer(sla, 'nextResponse')).toBeUndefined();
  });

  it("an agent's reply meets the first response; the customer's next message starts the next response", () => {
    const started = step(null, facts(), 0);
    const replied = step(started, facts({ waitingSince: null }), 10);
    expect(timer(replied, 'firstResponse')).toMatchObject({ status: 'met', endedAt: at(10).toISOString() });
    expect(timer(replied, 'nextResponse')).toBeUndefined();
    const asked = step(replied, facts({ waitingSince: at(20).toISOString() }), 20);
    expect(timer(asked, 'nextResponse')).toMatchObject({
      status: 'running',
      startedAt: at(20).toISOString(),
      dueAt: at(80).toISOString(),
    });
    const answered = step(asked, facts({ waitingSince: null }), 25);
    expect(timer(answered, 'nextResponse')).toMatchObject({ status: 'met', endedAt: at(25).toISOString() });
    // Another wait is another cycle.
    const again = step(answered, facts({ waitingSince: at(40).toISOString() }), 40);
    expect(timer(again, 'nextResponse')).toMatchObject({
      status: 'running',
      startedAt: at(40).toISOString(),
    });
    // A repeated refresh changes nothing.
    expect(step(again, facts({ waitingSince: at(40).toISOString() }), 41)).toEqual(again);
  });

  it('resolving meets the resolution and stops an unanswered first response; reopening starts again', () => {
    const started = step(null, facts(), 0);
    const resolved = step(started, facts({ status: 'resolved' }), 5);
    expect(timer(resolved, 'firstResponse')).toMatchObject({ status: 'stopped' });
    expect(timer(resolved, 'resolution')).toMatchObject({ status: 'met', endedAt: at(5).toISOString() });
    expect(slaCheckJobs('c1', resolved)).toEqual([]);
    const reopened = step(resolved, facts({ status: 'open', waitingSince: null }), 60);
    expect(timer(reopened, 'resolution')).toMatchObject({
      status: 'running',
      startedAt: at(60).toISOString(),
      dueAt: at(540).toISOString(),
    });
  });

  it('a changed policy moves the due times of running timers from the same start', () => {
    const started = step(null, facts(), 0);
    const urgent: SlaPolicy = {
      ...policy,
      id: 'p2',
      name: 'Urgent',
      priority: 'urgent',
      targets: { firstResponse: 5, nextResponse: null, resolution: 60 },
    };
    const moved = step(started, facts(), 2, urgent);
    expect(moved?.policyName).toBe('Urgent');
    expect(timer(moved, 'firstResponse')).toMatchObject({ startedAt: T0, dueAt: at(5).toISOString() });
    expect(timer(moved, 'resolution')?.dueAt).toBe(at(60).toISOString());
    expect(step(started, facts(), 2, { ...policy, targets: { ...policy.targets } })).toEqual(started);
    expect(
      nextSlaState({ previous: started, policy: null, calendar: null, conversation: facts(), now: at(3) }),
    ).toBeNull();
  });

  it('a policy that comes after the first response starts no first-response timer', () => {
    const sla = step(null, facts({ waitingSince: null }), 30);
    expect(timer(sla, 'firstResponse')).toBeUndefined();
    expect(timer(sla, 'resolution')?.startedAt).toBe(T0);
  });

  it('schedules a warning and a breach check per running timer, keyed by their times', () => {
    const sla = step(null, facts(), 0);
    const jobs = slaCheckJobs('c1', sla);
    expect(jobs.map((job) => job.idempotencyKey)).toEqual([
      `sla.check:c1:firstResponse:warning:${at(15).toISOString()}`,
      `sla.check:c1:firstResponse:breach:${at(30).toISOString()}`,
      `sla.check:c1:resolution:warning:${at(240).toISOString()}`,
      `sla.check:c1:resolution:breach:${at(480).toISOString()}`,
    ]);
    expect(jobs[1]).toMatchObject({ runAt: at(30).toISOString() });
  });

  it('records a due warning and breach once; an outdated or early check does nothing', () => {
    const sla = step(null, facts(), 0);
    const dueAt = at(30).toISOString();
    expect(applySlaAlert(sla, { target: 'firstResponse', kind: 'breach', at: dueAt }, at(29))).toBeNull();
    const warned = applySlaAlert(
      sla,
      { target: 'firstResponse', kind: 'warning', at: at(15).toISOString() },
      at(15),
    );
    expect(timer(warned, 'firstResponse')?.warnedAt).toBe(at(15).toISOString());
    expect(
      applySlaAlert(warned, { target: 'firstResponse', kind: 'warning', at: at(15).toISOString() }, at(16)),
    ).toBeNull();
    const breached = applySlaAlert(warned, { target: 'firstResponse', kind: 'breach', at: dueAt }, at(30));
    expect(timer(breached, 'firstResponse')?.breachedAt).toBe(at(30).toISOString());
    expect(
      applySlaAlert(breached, { target: 'firstResponse', kind: 'breach', at: dueAt }, at(31)),
    ).toBeNull();
    // Recomputed since (another due time), or answered: the old job finds nothing.
    expect(
      applySlaAlert(sla, { target: 'firstResponse', kind: 'breach', at: at(40).toISOString() }, at(41)),
    ).toBeNull();
    const met = step(sla, facts({ waitingSince: null }), 20);
    expect(applySlaAlert(met, { target: 'firstResponse', kind: 'breach', at: dueAt }, at(30))).toBeNull();
    // The breach stays recorded while its due time stays; no new jobs for it.
    expect(step(breached, facts(), 31)).toEqual(breached);
    expect(slaCheckJobs('c1', breached).some((job) => job.idempotencyKey.includes(':firstResponse:'))).toBe(
      false,
    );
  });

  it('chooses the named policy, else the one for the priority', () => {
    const high = { ...policy, id: 'p3', priority: 'high' as const };
    const named = { ...policy, id: 'p4', priority: null };
    expect(choosePolicy([policy, high, named], { priority: 'high' })?.id).toBe('p3');
    expect(choosePolicy([policy, high, named], { priority: 'high', slaPolicyId: 'p4' })?.id).toBe('p4');
    expect(choosePolicy([policy, high, named], { priority: 'low' })).toBeNull();
    // A named policy that was deleted: the priority's.
    expect(choosePolicy([policy, high], { priority: 'none', slaPolicyId: 'gone' })?.id).toBe('p1');
  });

  it('raises the priority only upwards and explains itself in the account language', () => {
    expect(raisedPriority('low', policy.escalation.breach)).toBe('high');
    expect(raisedPriority('urgent', policy.escalation.breach)).toBeNull();
    const line = {
      kind: 'breach' as const,
      target: 'firstResponse' as const,
      dueAt: '2026-11-23T09:30:00.000Z',
      policyName: 'Standard',
      timezone: 'Europe/Berlin',
      raisedTo: 'high' as const,
      notified: ['Billing'],
    };
    expect(slaAlertText('de', line)).toBe(
      'SLA verletzt: Erste Antwort war fällig am 23.11., 10:30 MEZ (Richtlinie „Standard“). Priorität auf Hoch angehoben. Benachrichtigt: Billing.',
    );
    expect(slaAlertText('en', line)).toContain('SLA breached: First response was due');
    expect(slaAlertText('en', line)).toContain('Priority raised to High. Notified: Billing.');
  });
});
