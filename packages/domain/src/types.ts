/** Entities of the inbox model. Plain data: rows become these in packages/db, and JSON only in presenters. */
import type { ConversationSla } from './sla.ts';

export const ROLES = ['admin', 'agent', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['api', 'webchat', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Identity kinds a contact can be recognised by, across channels. */
export const IDENTITY_KINDS = ['api', 'email', 'phone', 'webchat'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** text: seen by the customer; note: internal, never sent; event: a system line ("assigned to Anna"). */
export const MESSAGE_KINDS = ['text', 'note', 'event'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Account {
  id: string;
  name: string;
  defaultLanguage: Language;
  createdAt: string;
}

export interface User {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  createdAt: string;
}

export interface Team {
  id: string;
  accountId: string;
  name: string;
  createdAt: string;
}

export interface Inbox {
  id: string;
  accountId: string;
  name: string;
  channel: Channel;
  language: Language;
  /** Channel webchat: the widget's settings; null for every other channel. */
  webchat: WebchatSettings | null;
  /** When people answer (any channel); null: not configured, no promise made. */
  businessHours: BusinessHours | null;
  /** Channel email: address and sender settings, never a secret; null for every other channel. */
  email?: EmailInboxSettings | null;
  createdAt: string;
}

/**
 * An e-mail inbox's settings as anyone may see them. Its secrets (the threading key, the IMAP
 * password) are stored encrypted apart from these and never leave the server.
 */
export interface EmailInboxSettings {
  /** Lower-case, unique in the installation; without a "+tag" (replies use address+c-<token>). */
  address: string;
  /** The display name of outgoing mail; null: the inbox's name. */
  senderName: string | null;
  signature: Record<Language, string | null>;
  /** Where to fetch mail from an existing mailbox; null: mail arrives over SMTP only. */
  imap: ImapSettings | null;
}

export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the start (993); false: STARTTLS or plain on a trusted network. */
  secure: boolean;
  user: string;
  mailbox: string;
}

/** What stays encrypted on an e-mail inbox's row. */
export interface EmailInboxSecrets {
  /** Signs threading tokens (Message-IDs and reply addresses); 32 random bytes, hex. */
  threadingKey: string;
  imapPassword: string | null;
}

/** Encrypts secrets at rest (AES-256-GCM in packages/channels); the domain only hands over text. */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening interval of one day, local wall-clock times "HH:MM" (to may be "24:00"); from < to. */
export interface OpeningInterval {
  from: string;
  to: string;
}

/** An inbox's opening hours, in its own time zone (see business-hours.ts for the calendar logic). */
export interface BusinessHours {
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: string;
  weekly: Record<Weekday, OpeningInterval[]>;
  /** Closed all day, local dates "YYYY-MM-DD". */
  holidays: string[];
  /** What the widget promises while open. */
  typicalReplyMinutes: number;
}

/** How a web chat inbox's widget behaves. Its identity secrets are kept apart (never part of an Inbox). */
export interface WebchatSettings {
  /** Site origins ("https://shop.example") that may embed the widget: CORS and the WebSocket Origin check. */
  allowedOrigins: string[];
  greeting: Record<Language, string | null>;
  /** Ask for name and e-mail before the first message. */
  preChatForm: boolean;
  /** Invitations the widget opens with when their conditions hold (at most 20). */
  proactiveRules: ProactiveRule[];
}

/**
 * A proactive invitation: the widget opens with `message` once every non-null condition holds, at
 * most once per rule, visitor and day (the widget remembers; nothing is stored on the server).
 */
export interface ProactiveRule {
  id: string;
  enabled: boolean;
  message: Record<Language, string | null>;
  /** Glob on location.pathname + location.search; `*` matches any run of characters. */
  urlPattern: string | null;
  minSecondsOnPage: number | null;
  /** Visits of this browser (a visit: a page load more than 30 minutes after the last activity). */
  minVisits: number | null;
  /** A `Sofortdesk.track(name, { value })` call of the page, with at least minValue when given. */
  event: { name: string; minValue: number | null } | null;
}

/** Verifies identity tokens (HS256) of a web chat inbox; several at once, so a secret can be rotated. */
export interface WebchatSecret {
  id: string;
  secret: string;
  createdAt: string;
}

/**
 * A widget visitor's session: a random token (only its hash is stored) bound to one contact in one
 * web chat inbox. verified: the contact was proven by the company's backend (a signed identity token);
 * only then does the visitor see history beyond this inbox.
 */
export interface VisitorSession {
  id: string;
  accountId: string;
  inboxId: string;
  contactId: string;
  verified: boolean;
  createdAt: string;
  expiresAt: string;
}

/** A file a visitor or an agent uploaded, before and after it is attached to a message. Its key is the unguessable URL part. */
export interface StoredAttachment {
  key: string;
  accountId: string;
  inboxId: string;
  /**
   * Who uploaded it, and alone may attach it to a message: a visitor session's id, or
   * `user:<id>` for an agent (agentUploader).
   */
  sessionId: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface Contact {
  id: string;
  accountId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: Language | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactIdentity {
  id: string;
  accountId: string;
  contactId: string;
  kind: IdentityKind;
  /**
   * For kind api: scoped by inbox ("inboxId:identifier"), because each app names its users itself.
   * For kind webchat, also scoped by inbox: "inboxId:user:<sub>" for a verified customer, and
   * "inboxId:visitor:<session id>" for an anonymous visitor.
   */
  value: string;
  createdAt: string;
}

export interface Conversation {
  id: string;
  accountId: string;
  inboxId: string;
  contactId: string;
  status: ConversationStatus;
  priority: Priority;
  assigneeId: string | null;
  teamId: string | null;
  labels: string[];
  language: Language | null;
  snoozedUntil: string | null;
  lastMessageAt: string;
  /**
   * Since when the customer waits: their oldest message no agent has answered yet (a reply or
   * another outbound text ends the wait, an internal note does not); null when nobody waits.
   */
  waitingSince: string | null;
  /** Read receipts: until when the customer (in the widget) and the agents have read the conversation. */
  contactLastReadAt: string | null;
  agentLastReadAt: string | null;
  /** The SLA policy a routing rule chose (`sla_policy_id`); null: the account's policy for the priority. */
  slaPolicyId?: string | null;
  /** The SLA timers (sla.ts); null: no policy applies. */
  sla?: ConversationSla | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attachment {
  filename: string;
  contentType: string;
  size: number | null;
  url: string;
}

export interface Message {
  id: string;
  accountId: string;
  inboxId: string;
  conversationId: string;
  direction: MessageDirection;
  kind: MessageKind;
  /** Who wrote it: the contact, an agent (user), the system, or the bot (an automatic answer). */
  authorType: 'contact' | 'user' | 'system' | 'bot';
  authorId: string | null;
  text: string;
  externalId: string | null;
  attachments: Attachment[];
  /** Channel email: the mail's headers and parts beside the text; absent or null otherwise. */
  email?: MessageEmail | null;
  /** Outbound: whether it reached the customer; 'failed' after a bounce. Absent or null: no report. */
  delivery?: MessageDelivery | null;
  createdAt: string;
}

/** An e-mail behind a message: what threading, loop protection and replies need later. */
export interface MessageEmail {
  /** The Message-ID header, with angle brackets. */
  messageId: string;
  subject: string;
  from: string | null;
  /** The sanitised HTML version, or null for a text-only mail. */
  html: string | null;
  /** Folded away from the text: the quoted history and the signature. */
  quoted: string;
  signature: string;
  /** Why no automatic reply may answer it (RFC 3834), or null for a person's mail. */
  automated: string | null;
  /** The raw message in the blob store, kept for inspection. */
  rawKey: string | null;
  /** Attachments not stored as files (type or size not allowed): still in the raw message. */
  skippedAttachments: { filename: string; contentType: string; size: number; reason: string }[];
  remoteImagesBlocked: number;
  /** Outbound mail: the recipient, and the customer's Message-ID it answers (fixed with the Message-ID). */
  to?: string;
  inReplyTo?: string | null;
}

export interface MessageDelivery {
  status: 'failed';
  /** The report's status code and diagnostic, e.g. "5.1.1 user unknown". */
  detail: string | null;
  at: string;
}

/**
 * A prepared answer agents insert by typing "/" and its shortcut in the composer. Its text may hold
 * placeholders ({{contact.name}}) that the composer fills in.
 */
export interface CannedAnswer {
  id: string;
  accountId: string;
  /** Lower case letters, digits, "-" and "_"; unique in the account. */
  shortcut: string;
  title: string;
  text: string;
  /** Offered in conversations of this language; null: in every language. */
  language: Language | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: string;
  accountId: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}
