/**
 * The header's promise from the inbox's business hours: the typical reply time while the team is
 * there, else when it is back, in the visitor's language and the inbox's time zone (a Berlin team
 * back "Monday at 09:00" says so to a visitor in New York too: it is the team's clock).
 */
import type { WidgetInbox } from './chat.ts';
import type { Language, Strings } from './i18n.ts';

type Availability = NonNullable<WidgetInbox['availability']>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** null: nothing to promise (no hours configured, or no opening ahead). */
export function availabilityText(
  availability: Availability | null,
  language: Language,
  strings: Strings,
  now = Date.now(),
): string | null {
  if (!availability) return null;
  if (availability.open) {
    return availability.typicalReplyMinutes ? strings.replyWithin(availability.typicalReplyMinutes) : null;
  }
  if (!availability.nextOpenAt) return null;
  const next = Date.parse(availability.nextOpenAt);
  const timeZone = availability.timezone;
  const dateOf = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
  const day =
    dateOf(next) === dateOf(now)
      ? strings.today
      : dateOf(next) === dateOf(now + DAY_MS)
        ? strings.tomorrow
        : new Intl.DateTimeFormat(language, {
            timeZone,
            weekday: 'long',
            // Beyond a week the weekday alone is ambiguous.
            ...(next - now > 6 * DAY_MS && { day: 'numeric', month: 'long' }),
          }).format(next);
  const time = new Intl.DateTimeFormat(language, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(next);
  return strings.backAt(day, time);
}
