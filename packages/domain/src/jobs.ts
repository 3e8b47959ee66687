/** Durable jobs: side effects that run after the change committed, retried with backoff, idempotent. */
import type { Message } from './types.ts';

export interface JobPayloads {
  /** Reopen a snoozed conversation when its snooze ends. */
  'conversation.unsnooze': { conversationId: string; snoozedUntil: string };
  /** Deliver an agent's reply to the API inbox's webhook (the customer's app or phone system). */
  'api.deliver-message': { messageId: string; inboxId: string };
  /** Triage a customer's message: signals, routing rules, then the automatic answer (use-cases/triage-message.ts). */
  'triage.message': { messageId: string };
  /** Decide whether the knowledge base answers a customer's message on its own (use-cases/auto-answers.ts). */
  'knowledge.auto-answer': { messageId: string };
  /** Learn from a resolved conversation whose agent reply cited an article (use-cases/knowledge-learning.ts). */
  'knowledge.learn-from-conversation': { conversationId: string };
  /** Send an outbound message as the mail fixed when it was created (use-cases/email-outbound.ts). */
  'email.send-message': { messageId: string };
  /** Erase a contact's personal data everywhere and complete its receipt (use-cases/privacy.ts). */
  'privacy.erase-contact': { contactId: string; receiptId: string };
  /** Tell an API inbox's webhook that a contact was erased (`contact.erased`, ids only: Art. 19). */
  'privacy.notify-erasure': { inboxId: string; contactId: string; receiptId: string };
  /** An SLA timer's warning or due time came: record it and escalate, unless recomputed since (use-cases/sla.ts). */
  'sla.check': {
    conversationId: string;
    target: 'firstResponse' | 'nextResponse' | 'resolution';
    kind: 'warning' | 'breach';
    at: string;
  };
  /** Mail a customer the one-time link to their privacy centre (use-cases/privacy-centre.ts). */
  'privacy.send-login-link': { loginId: string };
  /** Assign a conversation to an agent automatically, or queue it (use-cases/assignment.ts). */
  'conversation.assign': { conversationId: string };
  /** Capacity freed (resolved, unassigned, online, more capacity): assign the oldest waiting first. */
  'assignment.drain': { reason: string };
  /** End a per-case share (value and file deleted) by its time or its conversation's resolve (use-cases/case-shares.ts). */
  'case-share.expire': { shareId: string; trigger: 'time' | 'resolved' };
  /** The account's daily retention run: old resolved conversations deleted or anonymised (use-cases/retention.ts). */
  'privacy.retention': { date: string };
}

export type JobType = keyof JobPayloads;

/**
 * Thrown by a job handler when retrying cannot help (the target is forbidden, not down): the job is
 * dead-lettered at once with this message instead of retrying for its whole lifetime.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export type NewJob = {
  [T in JobType]: {
    type: T;
    payload: JobPayloads[T];
    /** Same key again is a no-op: a retried request never schedules the side effect twice. */
    idempotencyKey: string;
    runAt?: string;
  };
}[JobType];

export type OutboundMessage = Pick<Message, 'id' | 'conversationId' | 'text' | 'createdAt'>;
