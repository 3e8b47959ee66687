/**
 * @module @sofortdesk/domain
 * Entities, use cases, events, jobs, policies and ports of Sofortdesk. Imports no I/O.
 */
export * from './types.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './jobs.ts';
export * from './policies.ts';
export * from './business-hours.ts';
export * from './ports.ts';
export * from './knowledge.ts';
export * from './waiting.ts';
export * from './use-cases/deps.ts';
export * from './use-cases/transaction.ts';
export * from './use-cases/ingest-inbound-message.ts';
export * from './use-cases/ingest-inbound-mail.ts';
export * from './use-cases/email-inboxes.ts';
export * from './use-cases/message-mail.ts';
export * from './use-cases/email-outbound.ts';
export * from './use-cases/conversations.ts';
export * from './use-cases/contacts.ts';
export * from './use-cases/inboxes.ts';
export * from './use-cases/business-hours.ts';
export * from './use-cases/team.ts';
export * from './use-cases/events.ts';
export * from './use-cases/webchat.ts';
export * from './use-cases/canned-answers.ts';
export * from './use-cases/memberships.ts';
export * from './use-cases/read-receipts.ts';
export * from './use-cases/knowledge-articles.ts';
export * from './use-cases/auto-answers.ts';
export * from './knowledge-gaps.ts';
export * from './use-cases/knowledge-gaps.ts';
export * from './use-cases/knowledge-learning.ts';
export * from './consents.ts';
export * from './use-cases/consents.ts';
export * from './privacy.ts';
export * from './use-cases/privacy.ts';
