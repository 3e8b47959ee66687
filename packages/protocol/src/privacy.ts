/** GDPR: a contact's export document, erasure receipts and the audit log of access to personal data. */
import { z } from 'zod';
import { idRef } from './schemas.ts';

const id = z.string().max(64);
const timestamp = z.string().meta({ format: 'date-time' });

const exportAttachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nullable(),
  base64: z.string().nullable().meta({ description: "The file's bytes, base64; null when no longer stored" }),
});

export const contactExportSchema = z
  .object({
    format: z.literal('sofortdesk.contact-export'),
    version: z.literal(1),
    exportedAt: timestamp,
    attachments: z
      .literal('inline-base64')
      .meta({ description: "Files are inline, base64, in each message's attachments" }),
    contact: z.object({
      id,
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      language: z.string().nullable(),
      createdAt: timestamp,
    }),
    identities: z.array(z.object({ kind: z.string(), value: z.string(), createdAt: timestamp })),
    consents: z.object({
      current: z.array(z.object({ purposeKey: z.string(), state: z.string(), at: timestamp.nullable() })),
      history: z.array(
        z.object({
          purposeKey: z.string(),
          purposeVersion: z.number().int(),
          granted: z.boolean(),
          channel: z.string(),
          recordedBy: z.string(),
          how: z.string(),
          reference: z.string().nullable(),
          at: timestamp,
        }),
      ),
    }),
    sharedItems: z.array(
      z.object({
        id,
        conversationId: id,
        kind: z.string(),
        sharedVia: z.string(),
        status: z.string(),
        sharedAt: timestamp,
        expiresAt: timestamp,
        endedAt: timestamp.nullable(),
        value: z.record(z.string(), z.unknown()).nullable().meta({
          description: "The shared value while active (a photo's bytes base64); null once it ended",
        }),
        views: z.array(z.object({ outcome: z.string(), at: timestamp })),
      }),
    ),
    conversations: z.array(
      z.object({
        id,
        channel: z.string(),
        status: z.string(),
        createdAt: timestamp,
        messages: z.array(
          z.object({
            id,
            direction: z.string(),
            author: z.string().meta({ description: 'contact, agent, bot or system (never which agent)' }),
            channel: z.string(),
            text: z.string(),
            subject: z.string().nullable(),
            attachments: z.array(exportAttachment),
            at: timestamp,
          }),
        ),
      }),
    ),
  })
  .meta({
    id: 'ContactExport',
    description:
      "Everything stored about a contact (GDPR Art. 15 and 20), machine-readable; without internal notes and other people's data",
  });

export const erasureReceiptSchema = z
  .object({
    id,
    status: z.enum(['pending', 'completed']),
    requestedBy: id,
    requestedAt: timestamp,
    completedAt: timestamp.nullable(),
    counts: z
      .record(z.string(), z.number().int())
      .nullable()
      .meta({ description: 'Rows and files removed per kind' }),
  })
  .meta({ id: 'ErasureReceipt', description: 'Proof of an erasure (GDPR Art. 17), without personal data' });

export const auditEntrySchema = z
  .object({
    id,
    userId: id.nullable(),
    action: z.enum([
      'contact.opened',
      'contact.exported',
      'contact.erasure-requested',
      'case-share.viewed',
      'case-share.refused',
    ]),
    contactId: id.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'AuditEntry', description: "An access to a contact's personal data, without the data" });

export const auditLogQuery = z.object({
  contactId: idRef.optional(),
  userId: idRef.optional(),
  before: z.string().max(500).optional().meta({
    description: 'Entries older than this moment (ISO 8601, UTC, ms), or the nextCursor of the previous page',
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditLogPageSchema = z
  .object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditLogPage' });

const privacySettingsFields = {
  erasureMessages: z.enum(['delete', 'anonymise']).meta({
    description:
      "What an erasure does with the contact's conversations: delete them, or keep them with every text, file and mail emptied",
  }),
  caseShareHours: z
    .number()
    .int()
    .min(1)
    .max(720)
    .meta({ description: 'How long a per-case share lasts when the customer chooses no time (default 24)' }),
  retentionMonths: z.number().int().min(1).max(1200).nullable().meta({
    description:
      'Resolved conversations untouched for more than this many months are removed daily; null keeps them',
  }),
  retentionAction: z
    .enum(['delete', 'anonymise'])
    .meta({ description: 'What retention does with them: delete, or anonymise like an erasure does' }),
};

export const privacySettingsSchema = z.strictObject(privacySettingsFields).meta({ id: 'PrivacySettings' });

/** A change names only the settings it changes. */
export const updatePrivacySettingsRequest = z
  .strictObject({
    erasureMessages: privacySettingsFields.erasureMessages.optional(),
    caseShareHours: privacySettingsFields.caseShareHours.optional(),
    retentionMonths: privacySettingsFields.retentionMonths.optional(),
    retentionAction: privacySettingsFields.retentionAction.optional(),
  })
  .meta({ id: 'UpdatePrivacySettings' });

export const retentionRunSchema = z
  .object({
    id,
    date: z.string(),
    status: z.enum(['running', 'completed']),
    action: z.enum(['delete', 'anonymise']).nullable(),
    cutoff: timestamp.nullable(),
    counts: z.record(z.string(), z.number().int()),
    startedAt: timestamp,
    completedAt: timestamp.nullable(),
  })
  .meta({ id: 'RetentionRun', description: "A daily retention run's receipt, without personal data" });

export const retentionRunListSchema = z
  .object({ items: z.array(retentionRunSchema) })
  .meta({ id: 'RetentionRunList' });
