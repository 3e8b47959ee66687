/**
 * E-mail threading that never mixes customers. Every mail we send carries a token in its
 * Message-ID and its reply address that names the conversation and the contact it was sent to,
 * signed with the inbox's key (HMAC-SHA256, truncated to 128 bits in the Message-ID, 80 in the
 * shorter reply address). A reply joins a conversation
 * only when such a token verifies (in constant time) for the very contact who writes; a subject line
 * or a forged In-Reply-To never does. (The other way in, an In-Reply-To naming a Message-ID this inbox
 * sent to the same contact, is a lookup in the message store, not here.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ThreadRef {
  conversationId: string;
  contactId: string;
}

const TAG_BYTES = 16;
/**
 * Reply addresses: mail systems may change the case of a local part, and it may hold 64 characters,
 * so the address carries the conversation and an 80-bit tag in lowercase base32.
 */
const ADDRESS_TAG_BYTES = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Our ids are UUIDs; anything else in a token is not ours. */
const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MESSAGE_ID = new RegExp(`^<?sd\\.(${ID})\\.([0-9a-z]+)\\.([A-Za-z0-9_-]{22})@[^>\\s]+>?$`, 'i');
const REPLY_LOCAL = /^(.+)\+c-([a-z2-7]{26})([a-z2-7]{16})$/i;

function tag(key: Uint8Array, ref: ThreadRef): Buffer {
  // The contact is signed but not shown: a token only verifies for the contact it was sent to.
  return createHmac('sha256', key)
    .update(`sofortdesk-thread\0${ref.conversationId.toLowerCase()}\0${ref.contactId.toLowerCase()}`)
    .digest()
    .subarray(0, TAG_BYTES);
}

function verifies(key: Uint8Array, ref: ThreadRef, actual: Buffer, bytes = TAG_BYTES): boolean {
  const expected = tag(key, ref).subarray(0, bytes);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string, byteLength: number): Buffer {
  const out = Buffer.alloc(byteLength);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text.toLowerCase()) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8 && index < byteLength) {
      out[index++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
  }
  return out;
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidFromBytes = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The Message-ID of a mail we send: fixed when the reply is created, so a retried delivery sends
 * the same id (`unique` keeps two mails of one conversation apart, e.g. the message id).
 */
export function threadMessageId(key: Uint8Array, ref: ThreadRef, unique: string, domain: string): string {
  const part =
    unique
      .toLowerCase()
      .replace(/[^0-9a-z]/g, '')
      .slice(0, 40) || '0';
  return `<sd.${ref.conversationId.toLowerCase()}.${part}.${tag(key, ref).toString('base64url')}@${domain}>`;
}

/** The reply address: the inbox's address with the signed conversation in its local part. */
export function threadReplyAddress(key: Uint8Array, ref: ThreadRef, inboxAddress: string): string {
  const at = inboxAddress.lastIndexOf('@');
  if (at <= 0) throw new Error(`not an e-mail address: ${inboxAddress}`);
  const local = inboxAddress.slice(0, at);
  const domain = inboxAddress.slice(at + 1);
  const conversation = base32(uuidBytes(ref.conversationId));
  return `${local}+c-${conversation}${base32(tag(key, ref).subarray(0, ADDRESS_TAG_BYTES))}@${domain}`;
}

/** The Message-IDs named in In-Reply-To and References, newest first, without duplicates. */
export function referencedMessageIds(
  inReplyTo: string | undefined,
  references: string | undefined,
): string[] {
  const ids = [
    ...(inReplyTo ?? '').matchAll(/<[^<>\s]+>/g),
    ...[...(references ?? '').matchAll(/<[^<>\s]+>/g)].reverse(),
  ].map((match) => match[0]);
  return [...new Set(ids)];
}

export interface ThreadCandidates {
  /** The recipient addresses of the mail (To, Cc, Delivered-To): a reply address may be among them. */
  recipients: string[];
  inReplyTo?: string;
  references?: string;
}

/**
 * The conversation a mail from `contactId` continues, when one of our tokens in it verifies for
 * that contact; undefined otherwise (a new conversation, or the message-store lookup).
 */
export function verifiedThread(
  key: Uint8Array,
  contactId: string,
  mail: ThreadCandidates,
): string | undefined {
  for (const address of mail.recipients) {
    const at = address.lastIndexOf('@');
    const match = REPLY_LOCAL.exec(at > 0 ? address.slice(0, at) : '');
    if (!match) continue;
    const conversationId = uuidFromBytes(fromBase32(match[2]!, 16));
    const given = fromBase32(match[3]!, ADDRESS_TAG_BYTES);
    if (verifies(key, { conversationId, contactId }, given, ADDRESS_TAG_BYTES)) return conversationId;
  }
  for (const messageId of referencedMessageIds(mail.inReplyTo, mail.references)) {
    const match = MESSAGE_ID.exec(messageId);
    if (
      match &&
      verifies(
        key,
        { conversationId: match[1]!.toLowerCase(), contactId },
        Buffer.from(match[3]!, 'base64url'),
      )
    ) {
      return match[1]!.toLowerCase();
    }
  }
  return undefined;
}

/**
 * The domain's MailThreadSigner: a mail's Message-ID and reply address from the inbox's threading
 * key (hex), fixed when the reply is created.
 */
export const mailThreadSigner = {
  sign(
    threadingKeyHex: string,
    ref: ThreadRef,
    unique: string,
    inboxAddress: string,
  ): { messageId: string; replyAddress: string } {
    const key = Buffer.from(threadingKeyHex, 'hex');
    const domain = inboxAddress.slice(inboxAddress.lastIndexOf('@') + 1);
    return {
      messageId: threadMessageId(key, ref, unique, domain),
      replyAddress: threadReplyAddress(key, ref, inboxAddress),
    };
  },
};
