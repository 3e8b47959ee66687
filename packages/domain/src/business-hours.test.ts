import { describe, expect, it } from 'vitest';
import { availabilityAt, instantOf, isOpenAt, isValidTimeZone, nextOpening } from './business-hours.ts';
import type { BusinessHours } from './types.ts';

const weekdays = [{ from: '09:00', to: '17:00' }];
const berlin: BusinessHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [], sun: [] },
  holidays: ['2026-12-24'],
  typicalReplyMinutes: 10,
};
const at = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('is open inside an interval of the local weekday, closed at its end and on weekends', () => {
    expect(isOpenAt(berlin, at('2026-11-23T08:00:00Z'))).toBe(true); // Monday 09:00 CET
    expect(isOpenAt(berlin, at('2026-11-23T07:59:00Z'))).toBe(false); // 08:59
    expect(isOpenAt(berlin, at('2026-11-23T16:00:00Z'))).toBe(false); // 17:00: the end is exclusive
    expect(isOpenAt(berlin, at('2026-11-22T10:00:00Z'))).toBe(false); // Sunday
  });

  it('reads the weekday in the inbox zone, not in UTC', () => {
    // Friday 23:30 UTC is already Saturday in Tokyo, still Friday in Berlin.
    const tokyo: BusinessHours = {
      ...berlin,
      timezone: 'Asia/Tokyo',
      weekly: { ...berlin.weekly, sat: [{ from: '08:00', to: '09:00' }] },
    };
    expect(isOpenAt(tokyo, at('2026-11-27T23:30:00Z'))).toBe(true); // Saturday 08:30 JST
    expect(isOpenAt(berlin, at('2026-11-27T23:30:00Z'))).toBe(false); // Saturday 00:30 CET
  });

  it('is closed on holidays and skips them for the next opening', () => {
    expect(isOpenAt(berlin, at('2026-12-24T10:00:00Z'))).toBe(false); // Thursday, a holiday
    expect(nextOpening(berlin, at('2026-12-23T17:00:00Z'))?.toISOString()).toBe('2026-12-25T08:00:00.000Z');
  });

  it('finds the next opening later today, after a weekend, and while open the next interval', () => {
    expect(nextOpening(berlin, at('2026-11-23T06:00:00Z'))?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(nextOpening(berlin, at('2026-11-27T17:00:00Z'))?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(nextOpening(berlin, at('2026-11-23T10:00:00Z'))?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
  });

  it('keeps local opening times across daylight-saving changes', () => {
    // Berlin: CET (+1) until 29 March 2026, CEST (+2) from then, CET again from 25 October.
    expect(nextOpening(berlin, at('2026-03-27T17:00:00Z'))?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextOpening(berlin, at('2026-10-23T17:00:00Z'))?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(isOpenAt(berlin, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-03-30T06:59:00Z'))).toBe(false);
  });

  it('opens at the end of a skipped hour and at the first of two repeated ones', () => {
    // 02:30 does not exist in Berlin on 29 March 2026 (02:00 -> 03:00 at 01:00 UTC).
    expect(new Date(instantOf('Europe/Berlin', '2026-03-29', 150)).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // 02:30 happens twice on 25 October 2026: first at 00:30 UTC (CEST), again at 01:30 UTC (CET).
    expect(new Date(instantOf('Europe/Berlin', '2026-10-25', 150)).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // New York: the same rules on other dates (8 March, 1 November 2026).
    expect(new Date(instantOf('America/New_York', '2026-03-08', 150)).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(new Date(instantOf('America/New_York', '2026-11-01', 90)).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('handles an interval to midnight and several intervals a day', () => {
    const split: BusinessHours = {
      ...berlin,
      weekly: {
        ...berlin.weekly,
        sat: [
          { from: '20:00', to: '24:00' },
          { from: '10:00', to: '12:00' },
        ],
      },
    };
    expect(isOpenAt(split, at('2026-11-28T22:59:00Z'))).toBe(true); // Saturday 23:59
    expect(nextOpening(split, at('2026-11-28T12:00:00Z'))?.toISOString()).toBe('2026-11-28T19:00:00.000Z');
  });

  it('never opens without hours, and says so', () => {
    const none: BusinessHours = {
      ...berlin,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(nextOpening(none, at('2026-11-23T10:00:00Z'))).toBeNull();
    expect(availabilityAt(none, at('2026-11-23T10:00:00Z'))).toEqual({
      open: false,
      nextOpenAt: null,
      typicalReplyMinutes: 10,
    });
    expect(availabilityAt(berlin, at('2026-11-23T10:00:00Z'))).toEqual({
      open: true,
      nextOpenAt: null,
      typicalReplyMinutes: 10,
    });
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
