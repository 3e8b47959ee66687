/** The consent ledger: purposes an account asks its customers about, and each contact's decisions. */
import { z } from 'zod';
import { plainText, shortText } from './text.ts';

const id = z.string().max(64);
const timestamp = z.string().meta({ format: 'date-time' });

/** The same list as the domain's CONSENT_CHANNELS (protocol is a leaf and imports no domain). */
export const consentChannelSchema = z
  .enum(['widget', 'email', 'api', 'app', 'web-form', 'phone', 'in-person', 'letter', 'privacy-centre'])
  .meta({ description: 'Where the customer gave or withdrew it' });

export const consentPurposeKeySchema = z
  .string()
  .max(48)
  .regex(/^[a-z][a-z0-9-]{1,47}$/, 'must be lower-case letters, digits and -, starting with a letter')
  .meta({ description: 'What features ask for, e.g. content-analysis, profiling, marketing, location' });

const purposeText = z.strictObject({
  title: shortText(120),
  text: plainText(4000).refine((text) => text.trim() !== '', 'must not be empty'),
});

export const consentPurposeTextsSchema = z.strictObject({ de: purposeText, en: purposeText }).meta({
  id: 'ConsentPurposeTexts',
  description: 'Title and text the customer reads, in German and English',
});

const textsOut = z.object({
  de: z.object({ title: z.string(), text: z.string() }),
  en: z.object({ title: z.string(), text: z.string() }),
});

export const consentPurposeSchema = z
  .object({
    id,
    key: z.string(),
    version: z.number().int().meta({ description: 'Goes up by one with every change of a text' }),
    texts: textsOut,
    perCase: z.boolean().meta({ description: 'Asked for each case (e.g. a location for one accident)' }),
    versions: z
      .array(z.object({ version: z.number().int(), texts: textsOut, createdAt: timestamp }))
      .meta({ description: 'Every version of the texts, oldest first; never changed once written' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'ConsentPurpose' });

export const createConsentPurposeRequest = z
  .strictObject({
    key: consentPurposeKeySchema,
    texts: consentPurposeTextsSchema,
    perCase: z.boolean().default(false),
  })
  .meta({ id: 'CreateConsentPurposeRequest' });

export const updateConsentPurposeRequest = z
  .strictObject({
    texts: consentPurposeTextsSchema.optional().meta({ description: 'Changed texts make a new version' }),
    perCase: z.boolean().optional(),
  })
  .meta({ id: 'UpdateConsentPurposeRequest' });

export const consentEntrySchema = z
  .object({
    id,
    purposeId: id,
    purposeKey: z.string(),
    purposeVersion: z.number().int().meta({ description: 'The version of the texts the customer saw' }),
    granted: z.boolean().meta({ description: 'true: given; false: withdrawn' }),
    channel: consentChannelSchema,
    recordedBy: z.object({
      kind: z.enum(['contact', 'agent', 'api-token']),
      userId: id.nullable().meta({ description: "The agent, or the API token's user" }),
    }),
    how: z.string(),
    reference: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'ConsentEntry' });

export const contactConsentsSchema = z
  .object({
    contactId: id,
    current: z.array(
      z.object({
        purpose: consentPurposeSchema.omit({ versions: true }),
        state: z.enum(['granted', 'withdrawn', 'not-asked']),
        since: timestamp.nullable(),
        latest: consentEntrySchema.nullable(),
      }),
    ),
    history: z.array(consentEntrySchema).meta({ description: 'Every entry, oldest first (append-only)' }),
  })
  .meta({ id: 'ContactConsents' });

export const recordConsentRequest = z
  .strictObject({
    purposeKey: consentPurposeKeySchema,
    granted: z.boolean(),
    channel: consentChannelSchema,
    proof: z.strictObject({
      how: shortText(500).meta({
        description: 'How it was given, e.g. "checkbox in widget", "on the phone"',
      }),
      reference: shortText(200).nullable().optional(),
    }),
    purposeVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'The version the customer saw; the current one when left out' }),
  })
  .meta({ id: 'RecordConsentRequest' });
