import { InvalidError, NotFoundError } from '../errors.ts';
import { authorize, visibleInboxIds, type Actor } from '../policies.ts';
import type { Page } from '../ports.ts';
import type { Contact, ContactIdentity, Message } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';
import { recordAccess } from './privacy.ts';

export async function getContact(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
): Promise<{ contact: Contact; identities: ContactIdentity[] }> {
  authorize(actor, 'contact.read');
  const contact = await deps.uow.repos.contacts.get(actor.accountId, id);
  if (!contact) throw new NotFoundError('Contact');
  const identities = await deps.uow.repos.contacts.listIdentities(actor.accountId, id);
  // The contact panel and the timeline both open a contact's data: the audit log records who did.
  await recordAccess(deps, actor, 'contact.opened', id);
  return { contact, identities };
}

export async function listContacts(
  deps: UseCaseDeps,
  actor: Actor,
  options: { limit: number; cursor?: string; query?: string },
): Promise<Page<Contact>> {
  authorize(actor, 'contact.read');
  return deps.uow.repos.contacts.list(actor.accountId, options);
}

/**
 * Everything the customer ever wrote or was told, across all channels, oldest first: the cure for
 * the "Alzheimer-Prinzip". Agents see the messages of the inboxes they work in.
 */
export async function contactTimeline(
  deps: UseCaseDeps,
  actor: Actor,
  contactId: string,
  options: { limit: number; cursor?: string },
): Promise<Page<Message>> {
  await getContact(deps, actor, contactId);
  const page = await deps.uow.repos.messages.listForContact(actor.accountId, contactId, options);
  const visible = visibleInboxIds(actor);
  if (!visible) return page;
  return { ...page, items: page.items.filter((message) => visible.includes(message.inboxId)) };
}

/**
 * Merges source into target: the source's identities and conversations move to the target, empty
 * fields of the target are filled from the source, and the source is gone. Nothing is lost.
 */
export async function mergeContacts(
  deps: UseCaseDeps,
  actor: Actor,
  targetId: string,
  sourceId: string,
): Promise<Contact> {
  authorize(actor, 'contact.merge');
  if (targetId === sourceId) {
    throw new InvalidError('A contact cannot be merged into itself.', [
      { path: 'sourceContactId', message: 'must differ from the target contact' },
    ]);
  }
  return deps.uow.transaction(async (repos) => {
    const target = await repos.contacts.get(actor.accountId, targetId);
    const source = await repos.contacts.get(actor.accountId, sourceId);
    if (!target) throw new NotFoundError('Contact');
    if (!source) throw new NotFoundError('Source contact');
    const fill: Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'language'>> = {};
    for (const field of ['name', 'email', 'phone', 'language'] as const) {
      if (target[field] === null && source[field] !== null) Object.assign(fill, { [field]: source[field] });
    }
    const { movedConversationIds } = await repos.contacts.merge(actor.accountId, source.id, target.id);
    // An anonymous widget visitor must not come to see the history merged into their contact.
    await repos.visitorSessions.deleteAnonymous(actor.accountId, target.id);
    const merged = Object.keys(fill).length
      ? await repos.contacts.update(actor.accountId, target.id, fill)
      : target;
    await repos.events.append(actor.accountId, [
      {
        type: 'contact.merged',
        inboxId: null,
        conversationId: null,
        data: { contact: merged, mergedContactId: source.id, movedConversationIds },
      },
    ]);
    return merged;
  });
}
