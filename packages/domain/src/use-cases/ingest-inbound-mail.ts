import { NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import type { Repositories } from '../ports.ts';
import type { Attachment, Contact, Conversation, Inbox, Message, MessageEmail } from '../types.ts';
import { waitingSinceAfter } from '../waiting.ts';
import type { UseCaseDeps } from './deps.ts';
import { enqueueTriage } from './triage-message.ts';
import { transactionRetryingConflicts } from './transaction.ts';
import { refreshSlaInto } from './sla.ts';

/**
 * A message's externalId on the e-mail channel: the Message-ID with its direction, so a mail that
 * arrives carrying one of our own Message-IDs (forged or looped back) can never collide with, or be
 * mistaken for, the outbound message that owns it. Outbound replies store `out:<Message-ID>`.
 */
export function emailExternalId(direction: 'in' | 'out', messageId: string): string {
  return `${direction}:${messageId}`;
}

export interface InboundMailInput {
  accountId: string;
  inboxId: string;
  /** The Message-ID header with angle brackets (the adapter makes one from the content when missing). */
  messageId: string;
  from: { address: string; name: string };
  subject: string;
  /** The new text (quotes and signature folded away); may be empty when attachments carry the mail. */
  text: string;
  email: Omit<MessageEmail, 'messageId' | 'subject' | 'from'>;
  attachments: Attachment[];
  /** The Message-IDs the mail's In-Reply-To and References name, newest first. */
  referencedMessageIds: string[];
  /**
   * The conversation one of our signed tokens in the mail names, when it verifies for this contact
   * (the adapter holds the inbox's key; see channels/email/threading.ts). Called inside the transaction.
   */
  verifiedThread: (contactId: string) => string | undefined;
  /** Set when the mail is a delivery failure report (DSN) about one of our mails. */
  bounce: { originalMessageId: string | undefined; detail: string | null } | undefined;
}

export interface InboundMailResult {
  /**
   * created: a new message; duplicate: this Message-ID was stored before (a relay retrying), nothing
   * changed; bounce: a report marked one of our messages undelivered.
   */
  outcome: 'created' | 'duplicate' | 'bounce';
  messageId: string;
  conversationId: string;
  contactId: string | null;
  /** Whether the mail continued an existing conversation (a verified token or our Message-ID). */
  threaded: boolean;
}

/**
 * A mail for an e-mail inbox, already parsed and its files stored. Threading never mixes customers:
 * a mail joins a conversation only when a token we issued verifies for the very contact who writes,
 * or when it answers a Message-ID this inbox sent to that contact; a subject line or a foreign
 * In-Reply-To opens a new conversation. Idempotent on the Message-ID per inbox.
 */
export async function ingestInboundMail(
  deps: UseCaseDeps,
  input: InboundMailInput,
): Promise<InboundMailResult> {
  return transactionRetryingConflicts(deps.uow, (repos) => ingestOnce(repos, deps, input));
}

async function ingestOnce(
  repos: Repositories,
  deps: UseCaseDeps,
  input: InboundMailInput,
): Promise<InboundMailResult> {
  const { accountId } = input;
  const inbox = await repos.inboxes.get(accountId, input.inboxId);
  if (!inbox || inbox.channel !== 'email') throw new NotFoundError('Inbox');
  const externalId = emailExternalId('in', input.messageId);

  const seen = await repos.messages.findByExternalId(accountId, inbox.id, externalId);
  if (seen) {
    const conversation = await repos.conversations.get(accountId, seen.conversationId);
    return {
      outcome: 'duplicate',
      messageId: seen.id,
      conversationId: seen.conversationId,
      contactId: conversation?.contactId ?? null,
      threaded: false,
    };
  }

  const at = deps.clock.now().toISOString();
  const events: NewEvent[] = [];
  const email: MessageEmail = {
    ...input.email,
    messageId: input.messageId,
    subject: input.subject,
    from: input.from.address,
  };

  if (input.bounce) {
    const marked = await markBounce(repos, inbox, input, externalId, email, at, events);
    if (marked) {
      await repos.events.append(accountId, events);
      return marked;
    }
    // A report about no mail of ours (backscatter, or one we do not know): kept like any automated mail.
  }

  const contact = await recogniseContact(repos, inbox, input.from);
  let conversation = await findThread(repos, inbox, contact.id, input);
  const threaded = conversation !== undefined;
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
    // A mail of nothing but attachments (or an empty one) still shows something in the timeline.
    text: input.text.trim() || input.subject.trim() || (input.attachments.length > 0 ? '' : '–'),
    externalId,
    attachments: input.attachments,
    email,
    at,
  });
  events.push({
    type: 'message.created',
    inboxId: conversation.inboxId,
    conversationId: conversation.id,
    data: { message },
  });

  // An out-of-office note or a list mail is stored, but makes nobody wait, reopens nothing and
  // never gets an automatic answer (RFC 3834: that is how two auto-responders loop).
  const person = email.automated === null;
  if (person) await enqueueTriage(repos, message);
  const reopens = person && conversation.status !== 'open';
  const updated = await repos.conversations.update(accountId, conversation.id, {
    lastMessageAt: at,
    ...(person && { waitingSince: waitingSinceAfter(conversation.waitingSince, message) }),
    ...(reopens ? { status: 'open' as const, snoozedUntil: null } : {}),
  });
  if (reopens) {
    events.push({
      type: 'conversation.updated',
      inboxId: conversation.inboxId,
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
  return {
    outcome: 'created',
    messageId: message.id,
    conversationId: conversation.id,
    contactId: contact.id,
    threaded,
  };
}

/**
 * The conversation this mail continues, or undefined for a new one: a verified token for this contact,
 * else a Message-ID of ours (outbound, this inbox) that was sent in one of this contact's conversations.
 */
async function findThread(
  repos: Repositories,
  inbox: Inbox,
  contactId: string,
  input: InboundMailInput,
): Promise<Conversation | undefined> {
  const belongs = (conversation: Conversation | undefined) =>
    conversation !== undefined && conversation.inboxId === inbox.id && conversation.contactId === contactId
      ? conversation
      : undefined;
  const tokenConversation = input.verifiedThread(contactId);
  if (tokenConversation) {
    // A token this inbox signed may name a conversation of another inbox of the account: a web chat
    // reply continued by mail from here (the channel switch). It verified for this very contact.
    const conversation = await repos.conversations.get(inbox.accountId, tokenConversation);
    if (conversation && conversation.contactId === contactId) return conversation;
  }
  const ours = await repos.messages.findByExternalIds(
    inbox.accountId,
    inbox.id,
    input.referencedMessageIds.slice(0, 50).map((id) => emailExternalId('out', id)),
  );
  // Newest reference first, as the mail names them.
  const byExternalId = new Map(ours.map((message) => [message.externalId, message]));
  for (const id of input.referencedMessageIds.slice(0, 50)) {
    const message = byExternalId.get(emailExternalId('out', id));
    if (!message || message.direction !== 'out') continue;
    const conversation = belongs(await repos.conversations.get(inbox.accountId, message.conversationId));
    if (conversation) return conversation;
  }
  return undefined;
}

/** A bounce about one of our messages: mark it undelivered and tell the agents in its conversation. */
async function markBounce(
  repos: Repositories,
  inbox: Inbox,
  input: InboundMailInput,
  externalId: string,
  email: MessageEmail,
  at: string,
  events: NewEvent[],
): Promise<InboundMailResult | undefined> {
  const original = input.bounce?.originalMessageId;
  if (!original) return undefined;
  const [sent] = await repos.messages.findByExternalIds(inbox.accountId, inbox.id, [
    emailExternalId('out', original),
  ]);
  if (!sent || sent.direction !== 'out') return undefined;
  const detail = input.bounce!.detail;
  await repos.messages.setDelivery(inbox.accountId, sent.id, { status: 'failed', detail, at });
  const text =
    inbox.language === 'de'
      ? `Die E-Mail konnte nicht zugestellt werden${detail ? `: ${detail}` : '.'}`
      : `The e-mail could not be delivered${detail ? `: ${detail}` : '.'}`;
  // The report itself becomes a line in the timeline (kind event), under the bounce's own
  // Message-ID: a report delivered twice marks once.
  const line: Message = await repos.messages.create({
    accountId: inbox.accountId,
    inboxId: inbox.id,
    conversationId: sent.conversationId,
    direction: 'in',
    kind: 'event',
    authorType: 'system',
    authorId: null,
    text,
    externalId,
    attachments: [],
    email,
    at,
  });
  // The conversation may live in another inbox (a web chat reply sent by mail from this one).
  const conversation = await repos.conversations.get(inbox.accountId, sent.conversationId);
  events.push({
    type: 'message.created',
    inboxId: conversation?.inboxId ?? inbox.id,
    conversationId: sent.conversationId,
    data: { message: line },
  });
  return {
    outcome: 'bounce',
    messageId: sent.id,
    conversationId: sent.conversationId,
    contactId: null,
    threaded: true,
  };
}

/**
 * The sender by their e-mail identity, global per account: a customer who chatted with a verified
 * e-mail and now writes a mail lands on the same contact and timeline.
 */
async function recogniseContact(
  repos: Repositories,
  inbox: Inbox,
  from: InboundMailInput['from'],
): Promise<Contact> {
  const address = from.address.trim().toLowerCase();
  const name = from.name.trim() || null;
  let contact = await repos.contacts.findByIdentity(inbox.accountId, 'email', address);
  if (contact) {
    if (!contact.name && name) contact = await repos.contacts.update(inbox.accountId, contact.id, { name });
    return contact;
  }
  contact = await repos.contacts.create({
    accountId: inbox.accountId,
    name,
    email: address,
    phone: null,
    language: inbox.language,
  });
  await repos.contacts.addIdentity(inbox.accountId, contact.id, 'email', address);
  return contact;
}
