/**
 * Outbound e-mail (issue 5, items 6 and 7): what a reply that leaves as mail carries, decided when
 * the reply is created, and the delivery outcome afterwards.
 *
 * The Message-ID is fixed in the reply's own transaction (signed with the sending inbox's threading
 * key, naming the conversation and the contact) and stored on the message as
 * `emailExternalId('out', Message-ID)`; the job `email.send-message` (channels/email/send.ts) only
 * renders and sends what is stored. A crash after sending and a retry send the very same Message-ID,
 * which relays and mail clients drop as a repeat; threading and bounce matching find the message by it.
 */
import { InvalidError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import type { Repositories } from '../ports.ts';
import type { Conversation, Inbox, Language, Message, MessageEmail, SecretCipher } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';
import { emailExternalId } from './ingest-inbound-mail.ts';

/** Signs threading tokens (channels/email/threading.ts implements it with HMAC-SHA256). */
export interface MailThreadSigner {
  /**
   * The Message-ID and the reply address of a mail we send in `conversationId` to `contactId`,
   * signed with the inbox's threading key (hex).
   */
  sign(
    threadingKeyHex: string,
    ref: { conversationId: string; contactId: string },
    unique: string,
    inboxAddress: string,
  ): { messageId: string; replyAddress: string };
}

/** What a use case needs to let a reply leave as mail; absent: replies stay in the timeline only. */
export interface EmailOutboundDeps {
  secrets: SecretCipher;
  mailThreads: MailThreadSigner;
}

/** RFC 3834: the header our automatic answers carry, also what `automated` records for them. */
export const AUTO_SUBMITTED = 'auto-replied';

/** The reason stored on a message when no relay is configured (shown to agents). */
export const NO_RELAY_REASON = 'no SMTP relay configured';

export interface OutboundMailPlan {
  /** The e-mail inbox the mail is sent from (a web chat conversation's channel switch names another inbox). */
  inboxId: string;
  externalId: string;
  email: MessageEmail;
}

/** Reply prefixes of every client in the subject ("Re:", Outlook's German "AW:", ...), stripped before ours. */
const REPLY_PREFIX = /^\s*(?:re|aw|antw|sv|vs|wg|fw|fwd)\s*(?:\[\d+\])?\s*:\s*/i;

export function replySubject(theirs: string): string {
  let subject = theirs.replace(/[\r\n]+/g, ' ').trim();
  for (let i = 0; i < 10 && REPLY_PREFIX.test(subject); i++) subject = subject.replace(REPLY_PREFIX, '');
  return `Re: ${subject}`.trim();
}

const DEFAULT_SUBJECT: Record<Language, (sender: string) => string> = {
  de: (sender) => `Ihre Anfrage bei ${sender}`,
  en: (sender) => `Your request to ${sender}`,
};

export function senderNameOf(inbox: Inbox): string {
  return inbox.email?.senderName?.trim() || inbox.name;
}

/** The newest customer mail of the conversation: the one our reply answers. */
async function lastCustomerMail(
  repos: Repositories,
  conversation: Conversation,
): Promise<Message | undefined> {
  const page = await repos.messages.listForConversation(conversation.accountId, conversation.id, {
    limit: 100,
    order: 'newest',
  });
  return page.items.find((m) => m.direction === 'in' && m.kind === 'text' && m.email?.from);
}

/** The contact's e-mail address we may write to: an e-mail identity (the account knows it is theirs). */
export async function contactEmailAddress(
  repos: Repositories,
  accountId: string,
  contactId: string,
): Promise<string | undefined> {
  const identities = await repos.contacts.listIdentities(accountId, contactId);
  return identities.find((identity) => identity.kind === 'email')?.value;
}

/**
 * The mail an outbound customer-visible message becomes, or undefined when it does not leave as mail.
 * `via` is the channel switch: a web chat reply sent from an e-mail inbox of the account (`inboxId`
 * picks one; default the first). Called in the reply's transaction.
 */
export async function planOutboundMail(
  repos: Repositories,
  deps: Partial<EmailOutboundDeps>,
  conversation: Conversation,
  options: { auto: boolean; via?: { inboxId?: string } },
): Promise<OutboundMailPlan | undefined> {
  const accountId = conversation.accountId;
  const own = await repos.inboxes.get(accountId, conversation.inboxId);
  let inbox: Inbox | undefined = own?.channel === 'email' ? own : undefined;
  if (options.via) {
    if (options.via.inboxId) {
      inbox = await repos.inboxes.get(accountId, options.via.inboxId);
      if (!inbox || inbox.channel !== 'email') {
        throw new InvalidError('Not an e-mail inbox of this account.', [
          { path: 'emailInboxId', message: 'must name an e-mail inbox' },
        ]);
      }
    } else if (!inbox) {
      inbox = (await repos.inboxes.list(accountId)).find((candidate) => candidate.channel === 'email');
      if (!inbox) {
        throw new InvalidError('The account has no e-mail inbox to send from.', [
          { path: 'via', message: 'no e-mail inbox' },
        ]);
      }
    }
  }
  if (!inbox?.email) return undefined;
  if (!deps.secrets || !deps.mailThreads) {
    // Wiring error, not the user's: the composition root passes both.
    throw new Error('e-mail replies need the secret cipher and the thread signer');
  }

  const theirs = inbox.id === conversation.inboxId ? await lastCustomerMail(repos, conversation) : undefined;
  const to = theirs?.email?.from ?? (await contactEmailAddress(repos, accountId, conversation.contactId));
  if (!to) {
    if (options.via) {
      throw new InvalidError('The contact has no e-mail address.', [
        { path: 'via', message: 'the contact has no e-mail address' },
      ]);
    }
    // An e-mail conversation without any address (created by hand): nothing to send to.
    return undefined;
  }
  const sealed = await repos.inboxes.getEmailSecrets(accountId, inbox.id);
  if (!sealed) return undefined;
  const { threadingKey } = JSON.parse(deps.secrets.decrypt(sealed)) as { threadingKey: string };
  const ref = { conversationId: conversation.id, contactId: conversation.contactId };
  // Random, not the message's id (which does not exist yet): unique per mail, fixed from here on.
  const { messageId, replyAddress } = deps.mailThreads.sign(
    threadingKey,
    ref,
    crypto.randomUUID(),
    inbox.email.address,
  );
  const language: Language = conversation.language ?? inbox.language;
  const subject = theirs?.email?.subject.trim()
    ? replySubject(theirs.email.subject)
    : DEFAULT_SUBJECT[language](senderNameOf(inbox));
  return {
    inboxId: inbox.id,
    externalId: emailExternalId('out', messageId),
    email: {
      messageId,
      subject,
      from: replyAddress,
      to,
      inReplyTo: theirs?.email?.messageId ?? null,
      html: null,
      quoted: '',
      signature: '',
      automated: options.auto ? `Auto-Submitted: ${AUTO_SUBMITTED}` : null,
      rawKey: null,
      skippedAttachments: [],
      remoteImagesBlocked: 0,
    },
  };
}

/** In the transaction that created the message: the job that sends it. */
export async function enqueueEmailSend(repos: Repositories, message: Message): Promise<void> {
  await repos.jobs.enqueue(message.accountId, {
    type: 'email.send-message',
    payload: { messageId: message.id },
    idempotencyKey: `email.send-message:${message.id}`,
  });
}

/** Everything the sending job needs, read fresh: the message, its sending inbox and conversation. */
export interface OutboundMail {
  message: Message & { email: MessageEmail };
  inbox: Inbox;
  conversation: Conversation;
  language: Language;
  senderName: string;
  signature: string | null;
}

export async function loadOutboundMail(
  deps: UseCaseDeps,
  accountId: string,
  messageId: string,
): Promise<OutboundMail | undefined> {
  const repos = deps.uow.repos;
  const message = await repos.messages.get(accountId, messageId);
  if (!message?.email || message.direction !== 'out' || message.kind !== 'text') return undefined;
  const inbox = await repos.inboxes.get(accountId, message.inboxId);
  const conversation = await repos.conversations.get(accountId, message.conversationId);
  if (!inbox?.email || !conversation) return undefined;
  const language: Language = conversation.language ?? inbox.language;
  return {
    message: message as Message & { email: MessageEmail },
    inbox,
    conversation,
    language,
    senderName: senderNameOf(inbox),
    signature: inbox.email.signature[language]?.trim() || null,
  };
}

/**
 * A mail that cannot be delivered (no relay, a permanent refusal): the message shows it as not
 * delivered with the reason, and a line in the timeline says so, in the inbox's language.
 */
export async function markMailUndelivered(
  deps: UseCaseDeps,
  accountId: string,
  messageId: string,
  detail: string,
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const message = await repos.messages.get(accountId, messageId);
    if (!message || message.delivery?.status === 'failed') return;
    const conversation = await repos.conversations.get(accountId, message.conversationId);
    const inbox = await repos.inboxes.get(accountId, message.inboxId);
    if (!conversation || !inbox) return;
    const at = deps.clock.now().toISOString();
    await repos.messages.setDelivery(accountId, message.id, { status: 'failed', detail, at });
    const text =
      inbox.language === 'de'
        ? `Die E-Mail konnte nicht zugestellt werden: ${detail}`
        : `The e-mail could not be delivered: ${detail}`;
    const line = await repos.messages.create({
      accountId,
      inboxId: message.inboxId,
      conversationId: message.conversationId,
      direction: 'out',
      kind: 'event',
      authorType: 'system',
      authorId: null,
      text,
      externalId: null,
      attachments: [],
      at,
    });
    const events: NewEvent[] = [
      {
        type: 'message.created',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { message: line },
      },
    ];
    await repos.events.append(accountId, events);
  });
}
