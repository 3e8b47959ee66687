/** Entities of the inbox model. Plain data: rows become these in packages/db, and JSON only in presenters. */

export const ROLES = ['admin', 'agent', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['api', 'webchat'] as const;
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
  createdAt: string;
}

/** How a web chat inbox's widget behaves. Its identity secrets are kept apart (never part of an Inbox). */
export interface WebchatSettings {
  /** Site origins ("https://shop.example") that may embed the widget: CORS and the WebSocket Origin check. */
  allowedOrigins: string[];
  greeting: Record<Language, string | null>;
  /** Ask for name and e-mail before the first message. */
  preChatForm: boolean;
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

/** A file a visitor uploaded, before and after it is attached to a message. Its key is the unguessable URL part. */
export interface StoredAttachment {
  key: string;
  accountId: string;
  inboxId: string;
  /** The visitor session that uploaded it: only that session may attach it to a message. */
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
  /** Who wrote it: the contact, an agent (user) or the system. */
  authorType: 'contact' | 'user' | 'system';
  authorId: string | null;
  text: string;
  externalId: string | null;
  attachments: Attachment[];
  createdAt: string;
}

export interface ApiToken {
  id: string;
  accountId: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}
