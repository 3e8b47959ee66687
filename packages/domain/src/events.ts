/**
 * Domain events: written in the same transaction as the change that caused them (transactional
 * outbox), numbered by a cursor that grows per account, and delivered to realtime clients and workers.
 */
import type { SlaAlertKind, SlaTarget } from './sla.ts';
import type { Contact, Conversation, Inbox, Message, Priority } from './types.ts';

/** What an `sla.alert` event says. */
export interface SlaAlert {
  kind: SlaAlertKind;
  target: SlaTarget;
  dueAt: string;
  policyId: string;
  policyName: string;
  /** The escalation raised the priority to this; null: unchanged. */
  raisedPriority: Priority | null;
  notifyTeamId: string | null;
  /** The notified user and the notified team's members. */
  notifyUserIds: string[];
}

export interface EventPayloads {
  'message.created': { message: Message };
  'conversation.created': { conversation: Conversation };
  'conversation.updated': { conversation: Conversation; changes: string[] };
  /** A read mark moved: the customer (reader contact) or an agent read the conversation up to now. */
  'conversation.read': { conversation: Conversation; reader: 'contact' | 'agent' };
  'contact.updated': { contact: Contact };
  'contact.merged': { contact: Contact; mergedContactId: string; movedConversationIds: string[] };
  'inbox.created': { inbox: Inbox };
  /** An SLA timer warned or breached (use-cases/sla.ts); notifyUserIds: whom the escalation names. */
  'sla.alert': { conversation: Conversation; alert: SlaAlert };
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES = [
  'message.created',
  'conversation.created',
  'conversation.updated',
  'conversation.read',
  'contact.updated',
  'contact.merged',
  'inbox.created',
  'sla.alert',
] as const satisfies readonly EventType[];

/** An event before it has a cursor. inboxId scopes who may see it; null means account-wide. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    inboxId: string | null;
    conversationId: string | null;
    data: EventPayloads[T];
  };
}[EventType];

export type DomainEvent = NewEvent & { accountId: string; cursor: number; createdAt: string };

/**
 * Ephemeral signals: who is typing where, and which agents have a conversation open. Never stored
 * and without a cursor; they travel over the bus (across processes on PostgreSQL) and are lost when
 * nobody listens, which is fine for them.
 */
export type EphemeralSignal = TypingSignal | ViewingSignal;

export interface TypingSignal {
  type: 'typing';
  accountId: string;
  inboxId: string;
  conversationId: string;
  data: { authorType: 'contact' | 'user'; authorId: string; typing: boolean };
}

/**
 * An agent's socket has the conversation open (viewing: true, repeated while it stays open) or no
 * longer (false: it moved on or disconnected). Only agents hear of it, never visitors.
 */
export interface ViewingSignal {
  type: 'viewing';
  accountId: string;
  inboxId: string;
  conversationId: string;
  data: {
    authorType: 'user';
    authorId: string;
    /** One agent may have several tabs open: presence is per socket. */
    viewerId: string;
    viewing: boolean;
    /** Just arrived: the others answer with their own presence, so the newcomer sees them at once. */
    joined: boolean;
  };
}
