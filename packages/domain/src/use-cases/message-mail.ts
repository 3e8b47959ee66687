/**
 * The e-mail behind a message, for agents who need to look closer than the folded text: the raw
 * message as it arrived (kept in the blob store) and its sanitised HTML version.
 */
import { NotFoundError } from '../errors.ts';
import type { Actor } from '../policies.ts';
import type { BlobStore } from '../ports.ts';
import type { UseCaseDeps } from './deps.ts';
import type { MessageEmail } from '../types.ts';
import { getConversation } from './conversations.ts';

async function mailOf(deps: UseCaseDeps, actor: Actor, messageId: string) {
  const message = await deps.uow.repos.messages.get(actor.accountId, messageId);
  if (!message || !message.email) throw new NotFoundError('E-mail');
  // Whoever may read the conversation may read its mail: another inbox's is a 404 like another account's.
  await getConversation(deps, actor, message.conversationId);
  return message.email;
}

/** The raw message (RFC 5322 bytes) as it arrived. */
export async function readRawMail(
  deps: UseCaseDeps & { blobs: BlobStore },
  actor: Actor,
  messageId: string,
): Promise<{ bytes: Uint8Array; email: MessageEmail }> {
  const email = await mailOf(deps, actor, messageId);
  const bytes = email.rawKey ? await deps.blobs.get(email.rawKey) : undefined;
  if (!bytes) throw new NotFoundError('Raw e-mail');
  return { bytes, email };
}

/** The mail's HTML version, sanitised when it arrived (no scripts, no remote resources). */
export async function readMailHtml(deps: UseCaseDeps, actor: Actor, messageId: string): Promise<string> {
  const email = await mailOf(deps, actor, messageId);
  if (email.html === null) throw new NotFoundError('HTML version');
  return email.html;
}
