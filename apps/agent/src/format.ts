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
