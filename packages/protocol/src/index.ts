/**
 * @module @sofortdesk/protocol
 * zod schemas and types of the REST API and the realtime stream.
 */
export * from './schemas.ts';
export * from './text.ts';
export * from './business-hours.ts';
export * from './sla.ts';
export * from './proactive-rules.ts';
export * from './knowledge.ts';
export * from './auto-answers.ts';
export * from './knowledge-gaps.ts';
export * from './consents.ts';
export * from './privacy.ts';
export * from './privacy-centre.ts';
export * from './case-shares.ts';
export * from './assignment.ts';
export * from './routing.ts';
