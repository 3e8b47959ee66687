/** Per-case sharing (issue 7): what a customer shares for one conversation, and what agents see of it. */
import { z } from 'zod';
import { idRef } from './schemas.ts';
import { shortText } from './text.ts';

const id = z.string().max(64);
const timestamp = z.string().meta({ format: 'date-time' });

export const caseShareKindSchema = z.enum(['location', 'order-number', 'contract-number', 'photo', 'device']);
export const caseShareDurationSchema = z
  .enum(['1h', '24h', '7d'])
  .meta({ description: "How long the item stays; left out: the account's default (24 h unless set)" });

const duration = caseShareDurationSchema.optional();
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const createCaseShareRequest = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('location'),
      latitude,
      longitude,
      accuracy: z.number().min(0).max(1_000_000).nullable().optional().meta({ description: 'Metres' }),
      duration,
    }),
    z.strictObject({ kind: z.literal('order-number'), number: shortText(64), duration }),
    z.strictObject({ kind: z.literal('contract-number'), number: shortText(64), duration }),
    z.strictObject({
      kind: z.literal('photo'),
      attachmentKey: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'must be the key of an upload')
        .meta({ description: 'The key of an image the same customer (or API user) uploaded in this inbox' }),
      duration,
    }),
    z.strictObject({
      kind: z.literal('device'),
      userAgent: shortText(512),
      screen: z.string().max(32).nullable().optional(),
      language: z.string().max(35).nullable().optional(),
      duration,
    }),
  ])
  .meta({ id: 'CreateCaseShare', description: 'One data item shared for this conversation only' });

export const caseShareAccessSchema = z.object({
  userId: id.nullable(),
  outcome: z.enum(['viewed', 'refused']),
  at: timestamp,
});

export const caseShareSchema = z
  .object({
    id,
    conversationId: id,
    kind: caseShareKindSchema,
    label: z.object({ de: z.string(), en: z.string() }),
    purposeKey: z.string().nullable(),
    sharedVia: z.enum(['widget', 'app']),
    status: z.enum(['active', 'ended']),
    sharedAt: timestamp,
    expiresAt: timestamp,
    endedAt: timestamp.nullable(),
    endReason: z.enum(['resolved', 'time', 'revoked']).nullable(),
    access: z
      .array(caseShareAccessSchema)
      .optional()
      .meta({ description: 'Every view and refused attempt, oldest first (agents and the customer see it)' }),
  })
  .meta({ id: 'CaseShare', description: 'A shared item without its value; ended ones stay as a tombstone' });

export const caseShareListSchema = z
  .object({ items: z.array(caseShareSchema) })
  .meta({ id: 'CaseShareList' });

export const caseShareValueSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('location'),
    latitude: z.number(),
    longitude: z.number(),
    accuracy: z.number().nullable(),
  }),
  z.object({ kind: z.literal('order-number'), number: z.string() }),
  z.object({ kind: z.literal('contract-number'), number: z.string() }),
  z.object({
    kind: z.literal('photo'),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    base64: z.string(),
  }),
  z.object({
    kind: z.literal('device'),
    userAgent: z.string(),
    screen: z.string().nullable(),
    language: z.string().nullable(),
  }),
]);

export const caseShareViewSchema = z
  .object({ share: caseShareSchema, value: caseShareValueSchema })
  .meta({ id: 'CaseShareView', description: 'The value, for this one look (written to the access log)' });

export const caseShareParams = z.object({ conversationId: idRef, shareId: idRef });
