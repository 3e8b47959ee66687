/**
 * Read receipts, both ways: the visitor's widget marks what the team wrote as read while the chat is
 * open and visible; an agent opening a conversation marks what the customer wrote. Each side's mark
 * only moves forward, and only a move is an event (`conversation.read`), so the other side updates
 * live and a repeated mark costs one UPDATE that matches nothing.
 */
import { NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Conversation, VisitorSession } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

async function markRead(
  repos: Repositories,
  conversation: Conversation,
  reader: 'contact' | 'agent',
  at: string,
): Promise<Conversation> {
  // Nothing written since the last mark: nothing new is read, and nobody needs telling.
  const current = reader === 'contact' ? conversation.contactLastReadAt : conversation.agentLastReadAt;
  if (current !== null && current >= conversation.lastMessageAt) return conversation;
  const moved = await repos.conversations.markRead(conversation.accountId, conversation.id, reader, at);
  if (!moved) return conversation;
  const event: NewEvent = {
    type: 'conversation.read',
    inboxId: moved.inboxId,
    conversationId: moved.id,
    data: { conversation: moved, reader },
  };
  await repos.events.append(moved.accountId, [event]);
  return moved;
}

/** The visitor has read their conversation up to now. Only their own contact's, in this inbox. */
export async function markReadByVisitor(
  deps: UseCaseDeps,
  visitor: VisitorSession,
  conversationId: string,
): Promise<Conversation> {
  return deps.uow.transaction(async (repos) => {
    const conversation = await repos.conversations.get(visitor.accountId, conversationId);
    if (
      !conversation ||
      conversation.contactId !== visitor.contactId ||
      conversation.inboxId !== visitor.inboxId
    ) {
      throw new NotFoundError('Conversation');
    }
    return markRead(repos, conversation, 'contact', deps.clock.now().toISOString());
  });
}

/**
 * How far agents have read the visitor's conversations among these (read receipts after a reload).
 * Only the visitor's own conversations of this inbox; the others are left out.
 */
export async function agentReadMarks(
  deps: UseCaseDeps,
  visitor: VisitorSession,
  conversationIds: string[],
): Promise<{ conversationId: string; agentLastReadAt: string }[]> {
  const marks: { conversationId: string; agentLastReadAt: string }[] = [];
  for (const id of new Set(conversationIds)) {
    const conversation = await deps.uow.repos.conversations.get(visitor.accountId, id);
    if (
      conversation?.agentLastReadAt &&
      conversation.contactId === visitor.contactId &&
      conversation.inboxId === visitor.inboxId
    ) {
      marks.push({ conversationId: id, agentLastReadAt: conversation.agentLastReadAt });
    }
  }
  return marks;
}

/** An agent has the conversation open: it is read up to now, for the customer to see. */
export async function markReadByAgent(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
): Promise<Conversation> {
  return deps.uow.transaction(async (repos) => {
    const conversation = await repos.conversations.get(actor.accountId, conversationId);
    if (!conversation || !canSee(actor, conversation)) throw new NotFoundError('Conversation');
    authorize(actor, 'conversation.read', conversation, 'Conversation');
    return markRead(repos, conversation, 'agent', deps.clock.now().toISOString());
  });
}
