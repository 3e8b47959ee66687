/** SLA policies and the timers they put on conversations (domain/sla.ts has the rules). */
import { z } from 'zod';
import { businessHoursSchema } from './business-hours.ts';
import { shortText } from './text.ts';

const id = z.string().max(64);
const idRef = z
  .string()
  .max(64)
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  .regex(/^[^\u0000-\u001F\u007F]*$/, 'must not contain control characters');
const timestamp = z.string().meta({ format: 'date-time' });
/** The same list as prioritySchema in schemas.ts (this file is imported by it). */
const priority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);

export const slaTargetSchema = z.enum(['firstResponse', 'nextResponse', 'resolution']);

/** Up to 30 days of business time; left out: no such target. */
const minutes = z.number().int().min(1).max(43_200).optional();

const escalationSchema = z
  .strictObject({
    raisePriority: priority
      .nullable()
      .default(null)
      .meta({ description: 'Raise to this priority (never lowers)' }),
    notifyTeamId: idRef.nullable().default(null),
    notifyUserId: idRef.nullable().default(null),
  })
  .meta({ id: 'SlaEscalation' });

export const slaPolicyRequest = z
  .strictObject({
    name: shortText(100),
    priority: priority.nullable().meta({
      description:
        'Applies to conversations of this priority (one policy per priority); null: only where a routing rule names it',
    }),
    targets: z.strictObject({ firstResponse: minutes, nextResponse: minutes, resolution: minutes }).meta({
      description: 'Minutes of business time; a target left out is none (at least one is needed)',
    }),
    calendar: z.enum(['custom', 'always', 'inbox']).default('inbox').meta({
      description:
        "always: around the clock; inbox: the conversation's inbox's business hours (around the clock where it has none); custom: businessHours",
    }),
    businessHours: businessHoursSchema.nullable().default(null).meta({ description: 'For calendar custom' }),
    warnAtPercent: z
      .number()
      .int()
      .min(1)
      .max(99)
      .nullable()
      .default(80)
      .meta({ description: "Warn when this share of a target's time has passed; null: no warning" }),
    escalation: z
      .strictObject({
        warning: escalationSchema.nullable().default(null),
        breach: escalationSchema.nullable().default(null),
      })
      .default({ warning: null, breach: null }),
  })
  .meta({ id: 'SlaPolicyRequest' });

export const slaPolicySchema = z
  .object({
    id,
    name: z.string(),
    priority: priority.nullable(),
    targets: z.object({
      firstResponse: z.number().int().nullable(),
      nextResponse: z.number().int().nullable(),
      resolution: z.number().int().nullable(),
    }),
    calendar: z.enum(['always', 'inbox', 'custom']),
    businessHours: businessHoursSchema.nullable(),
    warnAtPercent: z.number().int().nullable(),
    escalation: z.object({
      warning: z
        .object({
          raisePriority: priority.nullable(),
          notifyTeamId: id.nullable(),
          notifyUserId: id.nullable(),
        })
        .nullable(),
      breach: z
        .object({
          raisePriority: priority.nullable(),
          notifyTeamId: id.nullable(),
          notifyUserId: id.nullable(),
        })
        .nullable(),
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'SlaPolicy' });

export const slaTimerSchema = z
  .object({
    target: slaTargetSchema,
    status: z.enum(['running', 'met', 'stopped']).meta({
      description:
        'met: the wait ended or the conversation was resolved (late when endedAt > dueAt); stopped: resolved without a response',
    }),
    startedAt: timestamp,
    dueAt: timestamp.nullable().meta({ description: 'In business time; null: the calendar never opens' }),
    warnAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    warnedAt: timestamp.nullable(),
    breachedAt: timestamp.nullable(),
  })
  .meta({ id: 'SlaTimer' });

export const conversationSlaSchema = z
  .object({ policyId: id, policyName: z.string(), timers: z.array(slaTimerSchema) })
  .meta({ id: 'ConversationSla', description: 'The SLA timers; clients count down to dueAt themselves' });

export const slaEventSchema = z
  .object({
    id,
    conversationId: id,
    policyId: id,
    target: slaTargetSchema,
    kind: z.enum(['warning', 'breach']),
    dueAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ id: 'SlaEvent' });
