/** Dates as the agent's language writes them. */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let result = formats.get(key);
  if (!result) formats.set(key, (result = new Intl.DateTimeFormat(language, options)));
  return result;
}

/** Today: the time; this year: day and month; else the date. */
export function shortTime(iso: string, language: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (date.toDateString() === now.toDateString())
    return format(language, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (date.getFullYear() === now.getFullYear())
    return format(language, { day: 'numeric', month: 'short' }).format(date);
  return format(language, { dateStyle: 'medium' }).format(date);
}

export function fullTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return format(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const units = new Map<string, Intl.NumberFormat>();

/**
 * How long someone has waited, short and in the agent's language: "12 Min." / "12 min", "3 Std." /
 * "3 hr", "2 Tg." / "2 days". Under a minute reads as "< 1 min" (never "0 min", which looks like nothing).
 */
export function waitingDuration(sinceIso: string, language: string, now = Date.now()): string {
  const since = Date.parse(sinceIso);
  if (Number.isNaN(since)) return '';
  const minutes = Math.floor(Math.max(0, now - since) / 60_000);
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
