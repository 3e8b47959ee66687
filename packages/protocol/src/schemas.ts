/**
 * The wire format of Sofortdesk's REST API and realtime stream, shared by the server, the agent app,
 * the widget and SDKs. Request bodies are strict: an unknown field is an error, not silently dropped.
 */
import { z } from 'zod';
import { plainText, shortText } from './text.ts';
import { availabilitySchema, businessHoursSchema } from './business-hours.ts';
import { conversationSlaSchema } from './sla.ts';
import { proactiveRuleSchema, proactiveRulesInput, widgetProactiveRuleSchema } from './proactive-rules.ts';

export const LANGUAGES = ['de', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export const roleSchema = z.enum(['admin', 'agent', 'partner']);
export const conversationStatusSchema = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export const prioritySchema = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
const id = z.string().max(64);
/** PostgreSQL cannot even compare text holding NUL, and no id or address of ours has control characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F]*$/;
const noControl = 'must not contain control characters';
/** An id a client sends: it may name nothing (then 404 or 422), but it is text the database can compare. */
export const idRef = z.string().max(64).regex(NO_CONTROL_CHARACTERS, noControl);
// refine, not regex: a pattern would replace format "uri" in the OpenAPI document.
const webUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((url) => NO_CONTROL_CHARACTERS.test(url), noControl);
const timestamp = z.string().meta({ format: 'date-time' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const attachmentSchema = z
  .strictObject({
    filename: shortText(255),
    contentType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like image/png')
      .max(100),
    size: z
      .number()
      .int()
      .min(0)
      .max(100 * 1024 * 1024)
      .nullable()
      .default(null),
    url: webUrl,
  })
  .meta({ id: 'Attachment' });

export const messageSchema = z
  .object({
    id,
    inboxId: id,
    conversationId: id,
    direction: z.enum(['in', 'out']),
    kind: z.enum(['text', 'note', 'event']),
    authorType: z.enum(['contact', 'user', 'system', 'bot']),
    authorId: id.nullable(),
    text: z.string(),
    externalId: z.string().nullable(),
    attachments: z.array(attachmentSchema),
    email: z
      .object({
        messageId: z.string(),
        subject: z.string(),
        from: z.string().nullable(),
        quoted: z.string().meta({ description: 'The quoted history, folded away from text' }),
        signature: z.string(),
        automated: z
          .string()
          .nullable()
          .meta({ description: 'Why it is automated mail (RFC 3834): it gets no automatic reply' }),
        hasHtml: z.boolean().meta({ description: 'GET /api/v1/messages/{id}/html shows it, sandboxed' }),
        hasRaw: z
          .boolean()
          .meta({ description: 'GET /api/v1/messages/{id}/raw downloads the mail as it arrived' }),
        remoteImagesBlocked: z.number().int(),
        skippedAttachments: z.array(
          z.object({ filename: z.string(), contentType: z.string(), size: z.number(), reason: z.string() }),
        ),
      })
      .nullable()
      .optional()
      .meta({ description: 'Channel email: the mail behind the message' }),
    delivery: z
      .object({ status: z.enum(['failed']), detail: z.string().nullable(), at: timestamp })
      .nullable()
      .optional()
      .meta({ description: 'Outbound: a delivery report (a bounce); null: none' }),
    createdAt: timestamp,
  })
  .meta({ id: 'Message' });

export const conversationSchema = z
  .object({
    id,
    inboxId: id,
    contactId: id,
    status: conversationStatusSchema,
    priority: prioritySchema,
    assigneeId: id.nullable(),
    teamId: id.nullable(),
    labels: z.array(z.string()),
    language: languageSchema.nullable(),
    snoozedUntil: timestamp.nullable(),
    lastMessageAt: timestamp,
    contactLastReadAt: timestamp
      .nullable()
      .meta({ description: 'Read receipt: the customer read the conversation up to then' }),
    agentLastReadAt: timestamp.nullable().meta({ description: 'Read receipt: an agent read it up to then' }),
    waitingSince: timestamp.nullable().meta({
      description:
        "The customer's oldest message no agent has answered yet (a reply ends the wait, a note does not); null: nobody waits",
    }),
    slaPolicyId: id.nullable().optional().meta({
      description: "The SLA policy a routing rule chose; null: the account's policy for the priority",
    }),
    sla: conversationSlaSchema
      .nullable()
      .optional()
      .meta({ description: 'SLA timers; null: no policy applies' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Conversation' });

export const contactIdentitySchema = z
  .object({ kind: z.enum(['api', 'email', 'phone', 'webchat']), value: z.string(), createdAt: timestamp })
  .meta({ id: 'ContactIdentity' });

export const contactSchema = z
  .object({
    id,
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    language: languageSchema.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Contact' });

export const contactDetailSchema = contactSchema
  .extend({ identities: z.array(contactIdentitySchema) })
  .meta({ id: 'ContactDetail' });

const greetingSchema = z
  .object({ de: z.string().nullable(), en: z.string().nullable() })
  .meta({ id: 'WidgetGreeting', description: 'What the widget says first, per language' });

export const webchatSettingsSchema = z
  .object({
    allowedOrigins: z.array(z.string()).meta({
      description: 'Sites that may embed the widget (CORS and the WebSocket Origin check)',
    }),
    greeting: greetingSchema,
    preChatForm: z.boolean().meta({ description: 'Ask for name and e-mail before the first message' }),
    proactiveRules: z.array(proactiveRuleSchema),
  })
  .meta({ id: 'WebchatSettings' });

export const emailInboxSettingsSchema = z
  .object({
    address: z.string(),
    senderName: z.string().nullable(),
    signature: z.object({ de: z.string().nullable(), en: z.string().nullable() }),
    imap: z
      .object({
        host: z.string(),
        port: z.number().int(),
        secure: z.boolean(),
        user: z.string(),
        mailbox: z.string(),
        passwordSet: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'EmailInboxSettings' });

export const inboxSchema = z
  .object({
    id,
    name: z.string(),
    channel: z.enum(['api', 'webchat', 'email']),
    language: languageSchema,
    webchat: webchatSettingsSchema
      .extend({
        embedSnippet: z.string().meta({ description: "Paste into the site's HTML to show the widget" }),
      })
      .nullable()
      .meta({ description: 'Channel webchat only' }),
    businessHours: businessHoursSchema.nullable().meta({ description: 'null: none configured' }),
    email: emailInboxSettingsSchema
      .nullable()
      .meta({ description: 'Channel email only; secrets (IMAP password, threading key) are never shown' }),
    createdAt: timestamp,
  })
  .meta({ id: 'Inbox' });

export const createdInboxSchema = inboxSchema
  .extend({
    webhookSecret: z.string().nullable().meta({
      description: 'Signs deliveries to webhookUrl (X-Sofortdesk-Signature); shown only in this response.',
    }),
    identitySecret: z.string().nullable().meta({
      description:
        'Channel webchat: your backend signs identity tokens (JWT, HS256) with it; shown only in this response.',
    }),
  })
  .meta({ id: 'CreatedInbox' });

export const agentSchema = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    language: languageSchema,
    createdAt: timestamp,
  })
  .meta({ id: 'Agent' });

export const teamSchema = z.object({ id, name: z.string(), createdAt: timestamp }).meta({ id: 'Team' });

export const apiTokenSchema = z
  .object({ id, name: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() })
  .meta({ id: 'ApiToken' });

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id: name });

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

// ---- requests ----

export const inboundMessageRequest = z
  .strictObject({
    externalId: shortText(200).meta({
      description: "The sender's id for this message; repeating it is safe.",
    }),
    contact: z.strictObject({
      identifier: shortText(200).meta({ description: "The customer's id in your app or system" }),
      name: shortText(200).optional(),
      email: z.email().max(320).optional(),
      phone: z
        .string()
        .max(40)
        .regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number')
        .optional(),
    }),
    text: plainText(20_000),
    attachments: z.array(attachmentSchema).max(20).optional(),
  })
  .meta({ id: 'InboundMessageRequest' });

export const inboundMessageResponse = z
  .object({ messageId: id, conversationId: id, contactId: id })
  .meta({ id: 'InboundMessageResponse' });

/** A site origin: scheme, host and port, nothing else; stored lower-case without a trailing slash. */
const siteOrigin = z
  .string()
  .max(300)
  .regex(
    /^https?:\/\/([a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:.]+\])(:[0-9]{1,5})?\/?$/,
    'must be a site origin like https://shop.example',
  )
  .transform((origin) => origin.toLowerCase().replace(/\/$/, ''));

const greetingInput = z.strictObject({
  de: plainText(1000).nullable().optional(),
  en: plainText(1000).nullable().optional(),
});

const webchatSettingsFields = {
  allowedOrigins: z.array(siteOrigin).max(50),
  greeting: greetingInput,
  preChatForm: z.boolean(),
};

export const createApiInboxRequest = z
  .strictObject({
    name: shortText(100),
    channel: z.literal('api'),
    language: languageSchema.default('de'),
    webhookUrl: webUrl.nullable().default(null),
    agentIds: z.array(idRef).max(500).default([]),
  })
  .meta({ id: 'CreateApiInboxRequest' });

export const createWebchatInboxRequest = z
  .strictObject({
    name: shortText(100),
    channel: z.literal('webchat'),
    language: languageSchema.default('de'),
    agentIds: z.array(idRef).max(500).default([]),
    allowedOrigins: webchatSettingsFields.allowedOrigins.default([]),
    greeting: greetingInput.default({}),
    preChatForm: z.boolean().default(false),
  })
  .meta({ id: 'CreateWebchatInboxRequest' });

/**
 * An inbox's e-mail address: lower-cased, and without a "+" in its local part, because replies come
 * back to address+c-<token>@domain.
 */
export const emailInboxAddress = z
  .email()
  .max(254)
  .refine((address) => !address.slice(0, address.lastIndexOf('@')).includes('+'), {
    message: 'must not contain "+" before the @ (reply addresses use it)',
  })
  .transform((address) => address.toLowerCase());

/** A host name or IP address, nothing else (no scheme, path or port). */
const hostName = z
  .string()
  .max(253)
  .regex(
    /^([a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:.]+\])$/,
    'must be a host name like imap.example.com',
  );

export const imapSettingsInput = z
  .strictObject({
    host: hostName,
    port: z.number().int().min(1).max(65535).default(993),
    secure: z.boolean().default(true),
    user: shortText(320),
    password: z.string().min(1).max(1000).regex(NO_CONTROL_CHARACTERS, noControl),
    mailbox: shortText(200).default('INBOX'),
  })
  .meta({ id: 'ImapSettingsInput' });

export const createEmailInboxRequest = z
  .strictObject({
    name: shortText(100),
    channel: z.literal('email'),
    language: languageSchema.default('de'),
    agentIds: z.array(idRef).max(500).default([]),
    address: emailInboxAddress,
    senderName: shortText(100).nullable().default(null),
    signature: z
      .strictObject({ de: plainText(2000).nullable().optional(), en: plainText(2000).nullable().optional() })
      .default({}),
    imap: imapSettingsInput.nullable().default(null),
  })
  .meta({ id: 'CreateEmailInboxRequest' });

// unionFallback: with an unknown channel every other field is still checked (against the first variant).
export const createInboxRequest = z
  .discriminatedUnion(
    'channel',
    [createApiInboxRequest, createWebchatInboxRequest, createEmailInboxRequest],
    {
      unionFallback: true,
    },
  )
  .meta({ id: 'CreateInboxRequest' });

export const replyRequest = z
  .strictObject({
    text: plainText(20_000).default(''),
    kind: z.enum(['text', 'note']).default('text'),
    attachments: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, 'must be the key of an uploaded file'))
      .max(10)
      .default([])
      .meta({ description: 'Keys from POST /api/v1/conversations/{conversationId}/attachments' }),
    via: z.enum(['email']).optional().meta({
      description:
        'Channel switch: send this reply (kind "text") by e-mail to the contact, e.g. after a web chat visitor left',
    }),
    emailInboxId: idRef
      .optional()
      .meta({ description: 'With via "email": the e-mail inbox to send from (default: the first one)' }),
  })
  .meta({ id: 'ReplyRequest', description: 'Text, attachments, or both' });

export const updateConversationRequest = z
  .strictObject({
    status: conversationStatusSchema.optional(),
    priority: prioritySchema.optional(),
    assigneeId: idRef.nullable().optional(),
    teamId: idRef.nullable().optional(),
    labels: z.array(shortText(50)).max(50).optional(),
    snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ id: 'UpdateConversationRequest' });

export const mergeContactsRequest = z
  .strictObject({
    sourceContactId: idRef.meta({
      description: 'This contact is merged into the one in the path, then gone.',
    }),
  })
  .meta({ id: 'MergeContactsRequest' });

export const loginRequest = z
  .strictObject({
    email: z.string().max(320).regex(NO_CONTROL_CHARACTERS, noControl),
    password: z.string().max(1024),
  })
  .meta({ id: 'LoginRequest' });

export const loginResponse = z
  .object({
    agent: agentSchema,
    csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token on every change.' }),
  })
  .meta({ id: 'LoginResponse' });

export const createAgentRequest = z
  .strictObject({
    email: z.email().max(320),
    name: shortText(200),
    role: roleSchema.default('agent'),
    language: languageSchema.default('de'),
    password: z.string().min(12).max(1024).nullable().default(null),
    inboxIds: z.array(idRef).max(500).default([]),
    teamIds: z.array(idRef).max(100).default([]),
  })
  .meta({ id: 'CreateAgentRequest' });

export const createTeamRequest = z
  .strictObject({ name: shortText(100), memberIds: z.array(idRef).max(2000).default([]) })
  .meta({ id: 'CreateTeamRequest' });

export const createTokenRequest = z.strictObject({ name: shortText(100) }).meta({ id: 'CreateTokenRequest' });

export const createdTokenSchema = apiTokenSchema
  .extend({ token: z.string().meta({ description: 'Shown once; only its hash is stored.' }) })
  .meta({ id: 'CreatedApiToken' });

// ---- realtime ----

export const realtimeEventSchema = z
  .object({
    cursor: z.number().int(),
    type: z.string(),
    inboxId: id.nullable(),
    conversationId: id.nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
  })
  .meta({ id: 'RealtimeEvent', description: 'One frame of /api/v1/realtime' });

export type Problem = z.infer<typeof problemSchema>;
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;
export type InboundMessageRequest = z.infer<typeof inboundMessageRequest>;

// ---- web chat: admin ----

export const webchatSettingsDetailSchema = webchatSettingsSchema
  .extend({
    inboxId: id,
    embedSnippet: z.string(),
    secrets: z
      .array(z.object({ id, createdAt: timestamp }))
      .meta({ description: 'Identity secrets that verify tokens now, newest first; never their values' }),
  })
  .meta({ id: 'WebchatSettingsDetail' });

export const updateWebchatSettingsRequest = z
  .strictObject({
    allowedOrigins: webchatSettingsFields.allowedOrigins.optional(),
    greeting: greetingInput
      .optional()
      .meta({ description: 'Only the languages given change; null removes one' }),
    preChatForm: z.boolean().optional(),
    proactiveRules: proactiveRulesInput.optional().meta({ description: 'Replaces the whole list' }),
  })
  .meta({ id: 'UpdateWebchatSettingsRequest' });

export const rotateWebchatSecretRequest = z
  .strictObject({
    keepPrevious: z.boolean().default(true).meta({
      description:
        'Keep the newest previous secret valid while your backend switches (false: revoke all others)',
    }),
  })
  .meta({ id: 'RotateWebchatSecretRequest' });

export const rotatedWebchatSecretSchema = z
  .object({
    id,
    secret: z.string().meta({ description: 'Shown only in this response' }),
    createdAt: timestamp,
    secrets: z.array(z.object({ id, createdAt: timestamp })),
  })
  .meta({ id: 'RotatedWebchatSecret' });

export const typingRequest = z.strictObject({ typing: z.boolean() }).meta({ id: 'TypingRequest' });

// ---- web chat: the widget's visitors ----

export const widgetInboxSchema = z
  .object({
    inboxId: id,
    name: z.string(),
    language: languageSchema,
    greeting: greetingSchema,
    preChatForm: z.boolean(),
    proactiveRules: z.array(widgetProactiveRuleSchema).meta({ description: 'The enabled ones' }),
    availability: availabilitySchema.nullable().meta({ description: 'null: no business hours configured' }),
  })
  .meta({ id: 'WidgetInbox' });

export const markReadRequest = z.strictObject({ conversationId: idRef }).meta({ id: 'MarkReadRequest' });

export const startVisitorSessionRequest = z
  .strictObject({
    token: z.string().max(200).regex(NO_CONTROL_CHARACTERS, noControl).optional().meta({
      description: 'The visitor token of an earlier session, to resume it',
    }),
    identity: z
      .string()
      .max(8192)
      .regex(NO_CONTROL_CHARACTERS, noControl)
      .optional()
      .meta({
        description:
          "A JWT (HS256) from your backend, signed with one of the inbox's identity secrets: sub = your " +
          'customer id, aud = the inbox id, exp required; email and name optional',
      }),
    name: shortText(200).optional().meta({ description: 'Pre-chat form' }),
    email: z.email().max(320).optional().meta({ description: 'Pre-chat form; does not identify anyone' }),
    language: languageSchema.optional(),
  })
  .meta({ id: 'StartVisitorSessionRequest' });

export const visitorSessionSchema = z
  .object({
    token: z
      .string()
      .meta({ description: 'Send as Bearer on the visitor endpoints; keep it in the browser' }),
    sessionId: id,
    verified: z.boolean(),
    expiresAt: timestamp,
    contact: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
    widget: widgetInboxSchema,
  })
  .meta({ id: 'VisitorSession' });

export const visitorMessageSchema = z
  .object({
    id,
    conversationId: id,
    direction: z.enum(['in', 'out']),
    authorType: z.enum(['contact', 'user', 'system', 'bot']),
    text: z.string(),
    attachments: z.array(attachmentSchema),
    clientMessageId: z.string().nullable().meta({ description: 'Your id, on messages this session sent' }),
    createdAt: timestamp,
  })
  .meta({ id: 'VisitorMessage' });

/** A page of a visitor's messages, with how far an agent has read each of their conversations. */
export const visitorMessagePageSchema = z
  .object({
    items: z.array(visitorMessageSchema),
    nextCursor: z.string().nullable(),
    readMarks: z
      .array(z.object({ conversationId: id, agentLastReadAt: timestamp }))
      .meta({ description: 'Read receipts: conversations of this page an agent has read, and until when' }),
  })
  .meta({ id: 'VisitorMessagePage' });

export const postVisitorMessageRequest = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1 to 100 of A-Z a-z 0-9 _ . : -')
      .meta({ description: 'Made by the widget (a UUID); sending it again is safe and creates nothing' }),
    text: plainText(20_000).default(''),
    attachments: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, 'must be the key of an uploaded file'))
      .max(10)
      .default([]),
  })
  .meta({ id: 'PostVisitorMessageRequest' });

export const storedAttachmentSchema = attachmentSchema
  .extend({ key: z.string().meta({ description: 'Name it in a message: attachments: [key]' }) })
  .meta({ id: 'UploadedAttachment' });

// ---- admin: canned answers, memberships, agents ----

export const cannedAnswerSchema = z
  .object({
    id,
    shortcut: z.string().meta({ description: 'Typed after "/" in the composer' }),
    title: z.string(),
    text: z.string().meta({ description: 'May hold {{contact.name}}, filled in when inserted' }),
    language: languageSchema.nullable().meta({ description: 'null: offered in every language' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'CannedAnswer' });

const cannedAnswerFields = {
  shortcut: z
    .string()
    .max(32)
    // Latin letters with accents and umlauts, written without the u flag: the pattern goes into the
    // OpenAPI document as it is, and clients check it with their own regular expressions.
    .regex(/^[0-9A-Za-zÀ-ÖØ-öø-ÿ_-]+$/, 'must be letters, digits, - or _ (no spaces)')
    .transform((shortcut) => shortcut.normalize('NFC').toLowerCase())
    .meta({ description: 'Unique in your account; stored in lower case' }),
  title: shortText(100),
  text: plainText(5000).refine((text) => text.trim() !== '', 'must not be empty'),
  language: languageSchema.nullable(),
};

export const createCannedAnswerRequest = z
  .strictObject({ ...cannedAnswerFields, language: cannedAnswerFields.language.default(null) })
  .meta({ id: 'CreateCannedAnswerRequest' });

export const updateCannedAnswerRequest = z
  .strictObject({
    shortcut: cannedAnswerFields.shortcut.optional(),
    title: cannedAnswerFields.title.optional(),
    text: cannedAnswerFields.text.optional(),
    language: cannedAnswerFields.language.optional(),
  })
  .meta({ id: 'UpdateCannedAnswerRequest' });

export const updateAgentRequest = z
  .strictObject({
    name: shortText(200).optional(),
    role: roleSchema.optional().meta({ description: 'The last admin of an account stays admin (409)' }),
    language: languageSchema.optional(),
  })
  .meta({ id: 'UpdateAgentRequest' });
