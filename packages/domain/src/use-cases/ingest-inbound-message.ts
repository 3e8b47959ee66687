import { NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Attachment, Contact, IdentityKind } from '../types.ts';
import { waitingSinceAfter } from '../waiting.ts';
import { enqueueTriage } from './triage-message.ts';
import type { UseCaseDeps } from './deps.ts';
import { requireContent, transactionRetryingConflicts } from './transaction.ts';
import { refreshSlaInto } from './sla.ts';

export interface InboundMessageInput {
  inboxId: string;
  externalId: string;
  contact: { identifier: string; name?: string; email?: string; phone?: string };
  text: string;
  attachments?: Attachment[];
}

export interface InboundMessageResult {
  /** false when this externalId was seen before: nothing was created, the ids are the first ones. */
  created: boolean;
  messageId: string;
  conversationId: string;
  contactId: string;
}

/**
 * A customer's message arriving on a channel: recognise the contact (app id, then e-mail, then
 * phone), continue their active conversation in this inbox or open one, store the message and its
 * events in one transaction. Idempotent on (inbox, externalId): a client retrying after a timeout
 * gets the same ids and creates nothing.
 */
export async function ingestInboundMessage(
  deps: UseCaseDeps,
  actor: Actor,
  input: InboundMessageInput,
): Promise<InboundMessageResult> {
  requireContent(input.text, input.attachments?.length ?? 0);
  return transactionRetryingConflicts(deps.uow, (repos) => ingestOnce(repos, deps, actor, input));
}

async function ingestOnce(
  repos: Repositories,
  deps: UseCaseDeps,
  actor: Actor,
  input: InboundMessageInput,
): Promise<InboundMessageResult> {
  const { accountId } = actor;
  const inbox = await repos.inboxes.get(accountId, input.inboxId);
  if (!inbox) throw new NotFoundError('Inbox');
  authorize(actor, 'inbox.ingest', { accountId: inbox.accountId, inboxId: inbox.id }, 'Inbox');

  const seen = await repos.messages.findByExternalId(accountId, inbox.id, input.externalId);
  if (seen) {
    const conversation = await repos.conversations.get(accountId, seen.conversationId);
    return {
      created: false,
      messageId: seen.id,
      conversationId: seen.conversationId,
      contactId: conversation?.contactId ?? '',
    };
  }

  const at = deps.clock.now().toISOString();
  const events: NewEvent[] = [];
  const contact = await recogniseContact(repos, accountId, inbox.id, input.contact, inbox.language);

  let conversation = await repos.conversations.findActive(accountId, inbox.id, contact.id);
  if (!conversation) {
    conversation = await repos.conversations.create({
      accountId,
      inboxId: inbox.id,
      contactId: contact.id,
      language: contact.language ?? inbox.language,
      at,
    });
    events.push({
      type: 'conversation.created',
      inboxId: inbox.id,
      conversationId: conversation.id,
      data: { conversation },
    });
  }

  const message = await repos.messages.create({
    accountId,
    inboxId: inbox.id,
    conversationId: conversation.id,
    direction: 'in',
    kind: 'text',
    authorType: 'contact',
    authorId: contact.id,
    text: input.text,
    externalId: input.externalId,
    attachments: input.attachments ?? [],
    at,
  });
  await enqueueTriage(repos, message);
  events.push({
    type: 'message.created',
    inboxId: inbox.id,
    conversationId: conversation.id,
    data: { message },
  });

  // The customer wrote again: a waiting or snoozed conversation needs a person again.
  const reopens = conversation.status === 'pending' || conversation.status === 'snoozed';
  const updated = await repos.conversations.update(accountId, conversation.id, {
    lastMessageAt: at,
    waitingSince: waitingSinceAfter(conversation.waitingSince, message),
    ...(reopens ? { status: 'open' as const, snoozedUntil: null } : {}),
  });
  if (reopens) {
    events.push({
      type: 'conversation.updated',
      inboxId: inbox.id,
      conversationId: conversation.id,
      data: { conversation: updated, changes: ['status'] },
    });
  }
  // A wait began (the first message, or the next one after a response) or the conversation reopened:
  // the SLA timers start (domain/sla.ts).
  if (updated.waitingSince !== conversation.waitingSince || reopens) {
    await refreshSlaInto(repos, updated, new Date(at), events);
  }

  await repos.events.append(accountId, events);
  return { created: true, messageId: message.id, conversationId: conversation.id, contactId: contact.id };
}

async function recogniseContact(
  repos: Repositories,
  accountId: string,
  inboxId: string,
  given: InboundMessageInput['contact'],
  inboxLanguage: Contact['language'],
): Promise<Contact> {
  const email = given.email?.trim().toLowerCase() || undefined;
  const phone = given.phone ? normalisePhone(given.phone) : undefined;
  // App user ids are the app's own names, so they are scoped by inbox; e-mail and phone are global.
  const identities: [IdentityKind, string][] = [['api', `${inboxId}:${given.identifier}`]];
  if (email) identities.push(['email', email]);
  if (phone) identities.push(['phone', phone]);

  let contact: Contact | undefined;
  let foundBy = -1;
  for (const [index, [kind, value]] of identities.entries()) {
    contact = await repos.contacts.findByIdentity(accountId, kind, value);
    if (contact) {
      foundBy = index;
      break;
    }
  }
  if (!contact) {
    contact = await repos.contacts.create({
      accountId,
      name: given.name?.trim() || null,
      email: email ?? null,
      phone: phone ?? null,
      language: inboxLanguage,
    });
  } else {
    const fill: Partial<Pick<Contact, 'name' | 'email' | 'phone'>> = {};
    if (!contact.name && given.name?.trim()) fill.name = given.name.trim();
    if (!contact.email && email) fill.email = email;
    if (!contact.phone && phone) fill.phone = phone;
    if (Object.keys(fill).length > 0) contact = await repos.contacts.update(accountId, contact.id, fill);
  }
  // An identity already known for someone else stays theirs (addIdentity keeps the first owner):
  // a shared family e-mail must never pour one customer's history into another's.
  // The identity the contact was found by is theirs already: no need to write it again.
  for (const [index, [kind, value]] of identities.entries()) {
    if (index !== foundBy) await repos.contacts.addIdentity(accountId, contact.id, kind, value);
  }
  return contact;
}

/** Keeps digits and a leading plus, so "+49 (30) 123-45" and "+4930 12345" are one identity. */
export function normalisePhone(raw: string): string | undefined {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5) return undefined;
  return (trimmed.startsWith('+') ? '+' : '') + digits;
}
