/**
 * The opening-hours calendar of an inbox: is it open at an instant, and when does it open next.
 * Pure and time-zone correct with Intl alone: wall-clock times are read in the inbox's IANA zone, so
 * a Monday 09:00 opening stays 09:00 across daylight-saving changes. A wall time the clocks skip
 * (spring forward) opens at the first instant after the gap; one they repeat (fall back) opens at
 * its first occurrence. Triage and SLA timers reuse this module.
 */
import { WEEKDAYS, type BusinessHours, type Weekday } from './types.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Holidays are at most 100 days, so an opening, if there is one, is always within this many days. */
const SEARCH_DAYS = 7 + 100 + 7;

/** Whether the IANA zone name is one this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM" to minutes after midnight; "24:00" is the end of the day. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

interface WallTime {
  date: string;
  weekday: Weekday;
  /** Minutes after local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, found);
  }
  return found;
}

/** The local calendar date and clock time of an instant in a zone. */
function wallTime(zone: string, at: number): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(at)) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, weekday: weekdayOf(date), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The weekday of a civil date (the proleptic Gregorian calendar needs no zone). */
function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** Offset of local wall time from UTC in minutes at an instant (Europe/Berlin in summer: 120). */
function offsetMinutes(zone: string, at: number): number {
  const wall = wallTime(zone, at);
  const asUtc = Date.parse(`${wall.date}T00:00:00Z`) + wall.minutes * MINUTE;
  return Math.round((asUtc - Math.floor(at / MINUTE) * MINUTE) / MINUTE);
}

/**
 * The first instant whose local wall time in `zone` is `date` at `minutes` or later on that day:
 * the earlier of two occurrences after a fall-back, the end of the gap after a spring-forward.
 */
export function instantOf(zone: string, date: string, minutes: number): number {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  const offsets = new Set([offsetMinutes(zone, naive - DAY), offsetMinutes(zone, naive + DAY)]);
  const exact = [...offsets]
    .map((offset) => naive - offset * MINUTE)
    .filter((at) => {
      const wall = wallTime(zone, at);
      return wall.date === date && wall.minutes === minutes;
    });
  if (exact.length > 0) return Math.min(...exact);
  // Skipped by the clocks: search the transition between the two offsets' readings, minute by minute.
  const candidates = [...offsets].map((offset) => naive - offset * MINUTE).sort((a, b) => a - b);
  let low = candidates[0]!;
  let high = candidates.at(-1)!;
  const reached = (at: number) => {
    const wall = wallTime(zone, at);
    return wall.date > date || (wall.date === date && wall.minutes >= minutes);
  };
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / MINUTE / 2) * MINUTE;
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return reached(low) ? low : high;
}

/** Whether the inbox is open at the instant: inside an interval of that local weekday, not a holiday. */
export function isOpenAt(hours: BusinessHours, at: Date): boolean {
  const wall = wallTime(hours.timezone, at.getTime());
  if (hours.holidays.includes(wall.date)) return false;
  return hours.weekly[wall.weekday].some(
    (interval) => minutesOf(interval.from) <= wall.minutes && wall.minutes < minutesOf(interval.to),
  );
}

/**
 * The next instant after `at` at which the inbox opens (an interval starts), or null when no day of
 * the week has hours. While open this is the start of the next interval, not the current one.
 */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  const now = at.getTime();
  const today = wallTime(hours.timezone, now).date;
  const start = Date.parse(`${today}T00:00:00Z`);
  for (let day = 0; day < SEARCH_DAYS; day++) {
    const date = new Date(start + day * DAY).toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const froms = hours.weekly[weekdayOf(date)]
      .map((interval) => minutesOf(interval.from))
      .sort((a, b) => a - b);
    for (const from of froms) {
      const opens = instantOf(hours.timezone, date, from);
      if (opens > now) return new Date(opens);
    }
  }
  return null;
}

/**
 * The open intervals [opens, closes) in epoch milliseconds, in order, from the local day of `at` on
 * (the SLA timers walk them to add business time). Ends once no interval came for as many days as a
 * holiday list can close, so a calendar that never opens again yields nothing more.
 */
export function* openIntervals(hours: BusinessHours, at: Date): Generator<[number, number]> {
  const start = Date.parse(`${wallTime(hours.timezone, at.getTime()).date}T00:00:00Z`);
  let idleDays = 0;
  for (let day = 0; idleDays < SEARCH_DAYS; day++) {
    idleDays++;
    const date = new Date(start + day * DAY).toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const intervals = [...hours.weekly[weekdayOf(date)]].sort(
      (a, b) => minutesOf(a.from) - minutesOf(b.from),
    );
    for (const interval of intervals) {
      const opens = instantOf(hours.timezone, date, minutesOf(interval.from));
      const to = minutesOf(interval.to);
      // "24:00" is the next day's midnight, which the zone may reach at another offset.
      const closes =
        to >= 24 * 60
          ? instantOf(hours.timezone, new Date(start + (day + 1) * DAY).toISOString().slice(0, 10), 0)
          : instantOf(hours.timezone, date, to);
      if (closes > opens) {
        idleDays = 0;
        yield [opens, closes];
      }
    }
  }
}

export interface Availability {
  open: boolean;
  /** When closed: the next opening; null while open or when it never opens. */
  nextOpenAt: string | null;
  typicalReplyMinutes: number;
}

/** What the widget tells a visitor at the instant. */
export function availabilityAt(hours: BusinessHours, at: Date): Availability {
  const open = isOpenAt(hours, at);
  return {
    open,
    nextOpenAt: open ? null : (nextOpening(hours, at)?.toISOString() ?? null),
    typicalReplyMinutes: hours.typicalReplyMinutes,
  };
}

/** One broken rule of a BusinessHours value, by its path in the request. */
export interface BusinessHoursIssue {
  path: string;
  message: string;
}

/**
 * What the shape alone cannot say: a zone this runtime knows, intervals that start before they end
 * and do not overlap, holidays that are real dates.
 */
export function businessHoursIssues(hours: BusinessHours): BusinessHoursIssue[] {
  const issues: BusinessHoursIssue[] = [];
  if (!isValidTimeZone(hours.timezone)) {
    issues.push({ path: 'timezone', message: 'must be an IANA time zone like Europe/Berlin' });
  }
  for (const day of WEEKDAYS) {
    const intervals = hours.weekly[day].map((interval, index) => ({
      index,
      from: minutesOf(interval.from),
      to: minutesOf(interval.to),
    }));
    for (const interval of intervals) {
      if (interval.from >= interval.to) {
        issues.push({ path: `weekly.${day}.${interval.index}`, message: 'from must be before to' });
      }
    }
    const sorted = [...intervals].sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.from < sorted[i - 1]!.to) {
        issues.push({ path: `weekly.${day}.${sorted[i]!.index}`, message: 'overlaps another interval' });
      }
    }
  }
  hours.holidays.forEach((date, index) => {
    if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
      issues.push({ path: `holidays.${index}`, message: 'must be a real date YYYY-MM-DD' });
    }
  });
  return issues;
}
