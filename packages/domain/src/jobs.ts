/** Durable jobs: side effects that run after the change committed, retried with backoff, idempotent. */
import type { Message } from './types.ts';

export interface JobPayloads {
  /** Reopen a snoozed conversation when its snooze ends. */
  'conversation.unsnooze': { conversationId: string; snoozedUntil: string };
  /** Deliver an agent's reply to the API inbox's webhook (the customer's app or phone system). */
  'api.deliver-message': { messageId: string; inboxId: string };
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
