/** Routing rules (admins) and a conversation's triage signals (issue 6). */
import { z } from 'zod';
import { shortText } from './text.ts';

const id = z.string().max(64);
const timestamp = z.string().meta({ format: 'date-time' });
// The same lists as the domain's (protocol is a leaf and imports no domain).
const channel = z.enum(['api', 'webchat', 'email']);
const language = z.enum(['de', 'en']);
const sentiment = z.enum(['negative', 'neutral', 'positive']);
const priority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(50);

export const routingConditionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('channel'), in: nonEmpty(channel) }),
    z.strictObject({ kind: z.literal('inbox'), in: nonEmpty(id) }),
    z.strictObject({ kind: z.literal('language'), in: nonEmpty(language) }),
    z.strictObject({
      kind: z.literal('intent'),
      in: nonEmpty(shortText(100).refine((s) => s.trim() !== '', 'must not be empty')),
    }),
    z.strictObject({ kind: z.literal('sentiment'), in: nonEmpty(sentiment) }),
    z.strictObject({ kind: z.literal('cue'), cue: z.enum(['anger', 'urgency']) }),
    z.strictObject({
      kind: z.literal('complexity'),
      atLeast: z.number().min(0).max(1),
      below: z.boolean().optional().meta({ description: 'true: matches below the threshold' }),
    }),
    z.strictObject({
      kind: z.literal('contactAttribute'),
      key: z.string().min(1).max(64),
      equals: z.union([z.string().max(200), z.number(), z.boolean()]),
    }),
    z.strictObject({ kind: z.literal('businessHours'), open: z.boolean() }),
  ])
  .meta({ id: 'RoutingCondition', description: 'One condition; a rule matches when all hold' });

export const routingActionsSchema = z
  .strictObject({
    autoAnswer: z.boolean().optional().meta({ description: 'false: no automatic answer' }),
    teamId: id.optional(),
    priority: priority.optional().meta({ description: 'Raised to this, never lowered' }),
    labels: z.array(z.string().min(1).max(50)).max(20).optional(),
    assign: z
      .discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('user'), userId: id }),
        z.strictObject({ mode: z.literal('auto') }),
      ])
      .optional(),
    slaPolicyId: id.optional(),
  })
  .meta({ id: 'RoutingActions' });

export const routingRuleSchema = z
  .object({
    id,
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    isFallback: z.boolean().meta({ description: 'Always evaluated last; takes what no rule matched' }),
    conditions: z.array(routingConditionSchema),
    actions: routingActionsSchema,
    problems: z.array(z.string()).meta({ description: 'Why the rule cannot be evaluated (it is skipped)' }),
    problemAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'RoutingRule' });

export const createRoutingRuleRequest = z
  .strictObject({
    name: shortText(100).refine((s) => s.trim() !== '', 'must not be empty'),
    enabled: z.boolean().default(true),
    conditions: z.array(routingConditionSchema).max(20),
    actions: routingActionsSchema,
  })
  .meta({ id: 'CreateRoutingRuleRequest' });

export const updateRoutingRuleRequest = z
  .strictObject({
    name: shortText(100)
      .refine((s) => s.trim() !== '', 'must not be empty')
      .optional(),
    enabled: z.boolean().optional(),
    conditions: z.array(routingConditionSchema).max(20).optional(),
    actions: routingActionsSchema.optional(),
  })
  .meta({ id: 'UpdateRoutingRuleRequest' });

export const reorderRoutingRulesRequest = z
  .strictObject({
    ids: z.array(id).max(500).meta({ description: 'Every rule except the fallback, in the new order' }),
  })
  .meta({ id: 'ReorderRoutingRulesRequest' });

export const conversationTriageSchema = z
  .object({
    messageId: id,
    language,
    analysed: z.boolean().meta({ description: 'false: no consent to content analysis (language only)' }),
    sentiment: sentiment.nullable(),
    anger: z.boolean().nullable(),
    urgency: z.boolean().nullable(),
    intent: z.string().nullable().meta({ description: 'null: out of scope, no model, or not analysed' }),
    intentConfidence: z.number().nullable(),
    complexity: z.number().nullable(),
    complexityReasons: z.array(z.string()),
    unreadable: z.enum(['empty', 'attachment-only', 'unsupported-language']).nullable(),
    ruleId: id.nullable(),
    explanation: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'ConversationTriage' });

export const contactAttributesSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, _ and -'),
    z.union([z.string().max(200), z.number(), z.boolean()]),
  )
  .refine((attributes) => Object.keys(attributes).length <= 50, 'at most 50 attributes')
  .meta({ id: 'ContactAttributes', description: 'What routing rules may look at, e.g. {"vip": true}' });

export const setContactAttributesRequest = z
  .strictObject({ attributes: contactAttributesSchema })
  .meta({ id: 'SetContactAttributesRequest' });

export type RoutingRuleDto = z.infer<typeof routingRuleSchema>;
export type RoutingConditionDto = z.infer<typeof routingConditionSchema>;
export type RoutingActionsDto = z.infer<typeof routingActionsSchema>;
export type ConversationTriageDto = z.infer<typeof conversationTriageSchema>;
