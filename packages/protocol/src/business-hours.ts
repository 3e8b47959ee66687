/**
 * The wire shape of an inbox's business hours. The shape is checked here; what needs a calendar
 * (a known time zone, from before to, no overlaps, real dates) is checked by the domain
 * (packages/domain/src/business-hours.ts), which answers 422 with the same kind of field paths.
 */
import { z } from 'zod';

const clock = z
  .string()
  .regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'must be a time HH:MM (00:00 to 24:00)');

const openingInterval = z.strictObject({ from: clock, to: clock });
const day = z.array(openingInterval).max(4);

export const businessHoursSchema = z
  .strictObject({
    timezone: z
      .string()
      .max(64)
      // The shape of IANA names; whether the zone exists is asked of Intl (in the domain).
      .regex(/^(UTC|[A-Z][A-Za-z_]*(\/[A-Za-z0-9_+-]+)+)$/, 'must be an IANA time zone like Europe/Berlin')
      .meta({ description: 'IANA time zone, e.g. Europe/Berlin' }),
    weekly: z
      .strictObject({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day })
      .meta({ description: 'Opening intervals per weekday, local time; from < to; at most 4 a day' }),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'))
      .max(100)
      .meta({ description: 'Local dates closed all day' }),
    typicalReplyMinutes: z.number().int().min(1).max(1440),
  })
  .meta({ id: 'BusinessHours' });

export const setBusinessHoursRequest = z
  .strictObject({
    businessHours: businessHoursSchema.nullable().meta({ description: 'null removes them' }),
  })
  .meta({ id: 'SetBusinessHoursRequest' });

export const availabilitySchema = z
  .object({
    open: z.boolean(),
    nextOpenAt: z
      .string()
      .meta({ format: 'date-time' })
      .nullable()
      .meta({ description: 'When closed: the next opening; null while open or if it never opens' }),
    typicalReplyMinutes: z.number().int().nullable(),
    timezone: z.string().meta({ description: "The inbox's time zone, to show nextOpenAt in" }),
  })
  .meta({ id: 'WidgetAvailability' });
