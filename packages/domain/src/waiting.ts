import type { Conversation, Message } from './types.ts';

/**
 * The waiting rule, in one place (the agent app mirrors it in apps/agent/src/state.ts): a
 * conversation waits since the customer's oldest message that no agent has answered yet. A
 * customer's text starts the wait unless one is running (its start stays the oldest unanswered
 * message); an outbound text (a reply) ends it; internal notes and system events change nothing.
 */
export function waitingSinceAfter(
  waitingSince: Conversation['waitingSince'],
  message: Pick<Message, 'direction' | 'kind' | 'createdAt'>,
): Conversation['waitingSince'] {
  if (message.kind !== 'text') return waitingSince;
  if (message.direction === 'out') return null;
  return waitingSince ?? message.createdAt;
}
