/** Entities of the inbox model. Plain data: rows become these in packages/db, and JSON only in presenters. */

export const ROLES = ['admin', 'agent', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Identity kinds a contact can be recognised by, across channels. */
export const IDENTITY_KINDS = ['api', 'email', 'phone'] as const;
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
  /** For kind api: scoped by inbox ("inboxId:identifier"), because each app names its users itself. */
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
