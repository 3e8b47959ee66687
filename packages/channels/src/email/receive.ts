/**
 * From raw bytes to a stored message, for the SMTP listener (and, next, the IMAP fetcher): find the
 * e-mail inboxes the mail is for, keep the raw message, parse it, store its files with the same checks
 * as uploads, and hand the rest to the domain's ingestInboundMail, which threads and stores it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  emailExternalId,
  ingestInboundMail,
  InvalidError,
  readEmailInboxSecrets,
  sniffContentType,
  storeAttachment,
  type Attachment,
  type BlobStore,
  type EmailInboxDeps,
  type Inbox,
  type InboundMailResult,
  type MessageEmail,
} from '@sofortdesk/domain';
import { parseInboundMail, type InboundMail } from './parse.ts';
import { MailRejectedError } from './smtp-listener.ts';
import { referencedMessageIds, verifiedThread } from './threading.ts';

export interface MailReceiverDeps extends EmailInboxDeps {
  blobs: BlobStore;
  /** The absolute URL under which a stored file is served. */
  attachmentUrl: (key: string) => string;
  /** The largest single attachment stored as a file; larger ones stay in the raw message. */
  attachmentLimitBytes: number;
}

/** Message-IDs longer than this (or none at all) are replaced by one made from the content. */
const MAX_MESSAGE_ID = 500;

/**
 * The inbox an address names: the inbox's own address, or a "+tag" form of it (our reply addresses
 * are local+c-<token>@domain; inbox addresses have no "+", see the protocol's emailInboxAddress).
 */
export async function findEmailInbox(deps: EmailInboxDeps, address: string): Promise<Inbox | undefined> {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = lower.slice(0, at).split('+')[0]!;
  if (!local) return undefined;
  return deps.uow.repos.inboxes.findByEmailAddress(`${local}${lower.slice(at)}`);
}

export interface ReceivedMail {
  inboxId: string;
  result: InboundMailResult;
}

/**
 * Stores one mail for every e-mail inbox among its envelope recipients. Throws MailRejectedError
 * for a mail that can never be stored (the relay must not retry); any other error is temporary.
 */
export async function receiveMail(
  deps: MailReceiverDeps,
  raw: Buffer,
  envelope: { mailFrom: string | null; rcptTo: string[] },
): Promise<ReceivedMail[]> {
  const inboxes = new Map<string, Inbox>();
  for (const rcpt of envelope.rcptTo) {
    const inbox = await findEmailInbox(deps, rcpt);
    if (inbox) inboxes.set(inbox.id, inbox);
  }
  if (inboxes.size === 0) throw new MailRejectedError('5.1.1 No such mailbox here', 550);

  let mail: InboundMail;
  try {
    mail = await parseInboundMail(raw);
  } catch {
    throw new MailRejectedError('5.6.0 The message could not be parsed', 554);
  }
  const messageId =
    mail.messageId && mail.messageId.length <= MAX_MESSAGE_ID
      ? mail.messageId
      : // A relay retrying sends the same bytes, so the same id: still stored once.
        `<${createHash('sha256').update(raw).digest('hex')}@sofortdesk.invalid>`;
  const from = mail.from ??
    mail.replyTo ?? {
      address: envelope.mailFrom?.toLowerCase() || 'mailer-daemon@invalid',
      name: '',
    };

  const received: ReceivedMail[] = [];
  for (const inbox of inboxes.values()) {
    received.push({
      inboxId: inbox.id,
      result: await receiveForInbox(deps, inbox, raw, mail, messageId, from, envelope.rcptTo),
    });
  }
  return received;
}

async function receiveForInbox(
  deps: MailReceiverDeps,
  inbox: Inbox,
  raw: Buffer,
  mail: InboundMail,
  messageId: string,
  from: { address: string; name: string },
  envelopeRecipients: string[],
): Promise<InboundMailResult> {
  // A relay retrying a mail we stored: answer as before, without storing its files again.
  const seen = await deps.uow.repos.messages.findByExternalId(
    inbox.accountId,
    inbox.id,
    emailExternalId('in', messageId),
  );
  if (seen) {
    return {
      outcome: 'duplicate',
      messageId: seen.id,
      conversationId: seen.conversationId,
      contactId: null,
      threaded: false,
    };
  }

  const rawKey = randomBytes(32).toString('hex');
  await deps.blobs.put(rawKey, raw);
  const { attachments, skipped, cids } = await storeFiles(deps, inbox, mail);
  const secrets = await readEmailInboxSecrets(deps, inbox.accountId, inbox.id);
  const key = Buffer.from(secrets.threadingKey, 'hex');
  const email: Omit<MessageEmail, 'messageId' | 'subject' | 'from'> = {
    // Inline images point at their stored files; one that was not stored shows nothing.
    html:
      mail.html && mail.html.replace(/src="cid:([^"]+)"/gi, (_, id: string) => `src="${cids.get(id) ?? ''}"`),
    quoted: mail.text.quoted,
    signature: mail.text.signature,
    automated: mail.automated ?? (mail.bounce ? 'delivery status report' : null),
    rawKey,
    skippedAttachments: skipped,
    remoteImagesBlocked: mail.remoteImagesBlocked,
  };
  return ingestInboundMail(deps, {
    accountId: inbox.accountId,
    inboxId: inbox.id,
    messageId,
    from,
    subject: mail.subject,
    text: mail.text.reply,
    email,
    attachments,
    referencedMessageIds: referencedMessageIds(mail.inReplyTo, mail.references),
    verifiedThread: (contactId) =>
      verifiedThread(key, contactId, {
        recipients: [...mail.recipients, ...envelopeRecipients],
        inReplyTo: mail.inReplyTo,
        references: mail.references,
      }),
    bounce: mail.bounce && {
      originalMessageId: mail.bounce.originalMessageId,
      detail: [mail.bounce.status, mail.bounce.diagnostic].filter(Boolean).join(' ') || null,
    },
  });
}

/**
 * Files the way uploads are stored (by content: images and PDF, size-limited). Anything else is
 * listed with its reason and stays in the raw message, so nothing the customer sent is lost.
 */
async function storeFiles(deps: MailReceiverDeps, inbox: Inbox, mail: InboundMail) {
  const attachments: Attachment[] = [];
  const skipped: MessageEmail['skippedAttachments'] = [];
  const cids = new Map<string, string>();
  for (const file of mail.attachments.slice(0, 50)) {
    const entry = { filename: file.filename, contentType: file.contentType, size: file.size };
    if (file.size > deps.attachmentLimitBytes) {
      skipped.push({ ...entry, reason: 'too large' });
      continue;
    }
    if (!sniffContentType(file.content)) {
      skipped.push({ ...entry, reason: 'type not allowed' });
      continue;
    }
    try {
      const stored = await storeAttachment(
        deps,
        { accountId: inbox.accountId, inboxId: inbox.id, sessionId: 'email' },
        { filename: file.filename, bytes: file.content },
      );
      const url = deps.attachmentUrl(stored.key);
      if (file.contentId) cids.set(file.contentId, url);
      attachments.push({
        filename: stored.filename,
        contentType: stored.contentType,
        size: stored.size,
        url,
      });
    } catch (error) {
      if (!(error instanceof InvalidError)) throw error;
      skipped.push({ ...entry, reason: error.message });
    }
  }
  for (const file of mail.attachments.slice(50)) {
    skipped.push({
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      reason: 'too many',
    });
  }
  return { attachments, skipped, cids };
}
