/**
 * Mail that a machine sent, and mail that tells us a delivery failed. RFC 3834 says an automatic
 * reply must never answer automated mail: that is how two auto-responders loop forever. We look at
 * the headers only; every rule says why it matched, for the agent to see.
 */

/** Header names lower-cased; a header given several times keeps its values in order. */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

export function headerMap(entries: Iterable<[string, string]>): MailHeaders {
  const map = new Map<string, string[]>();
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

const first = (headers: MailHeaders, name: string) => headers.get(name)?.[0]?.trim();

/**
 * Why this mail is automated (and must get no automatic reply), or undefined for a person's mail.
 * Sources: RFC 3834 (Auto-Submitted, empty return path), RFC 2369/2919 (List-*), the de-facto
 * Precedence header, and the headers Microsoft and others set on their auto-replies.
 */
export function automatedReason(headers: MailHeaders): string | undefined {
  const autoSubmitted = first(headers, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim() !== 'no')
    return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = first(headers, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    return `Precedence: ${precedence}`;
  for (const name of [
    'list-id',
    'list-unsubscribe',
    'list-post',
    'list-help',
    'list-subscribe',
    'list-owner',
  ]) {
    if (headers.has(name)) return `${name} header (mailing list)`;
  }
  const returnPath = first(headers, 'return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath))
    return 'empty Return-Path (a bounce or notification)';
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const value = first(headers, name)?.toLowerCase();
    // Suppress=All/OOF/AutoReply marks mail whose sender asks for no auto-replies.
    if (value && (name !== 'x-auto-response-suppress' || /\b(all|oof|autoreply)\b/.test(value))) {
      return `${name}: ${value}`;
    }
  }
  return undefined;
}

/**
 * At most one automatic reply per sender and window (RFC 3834 §2: "should not be sent more than
 * once" in a period). In memory per process is enough for the window's purpose; the caller keys it
 * by inbox and sender.
 */
export class AutoReplyLimiter {
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly windowMs = 60 * 60_000,
    private readonly maxKeys = 100_000,
  ) {}

  /** True (and remembered) when this key may get an automatic reply now. */
  allow(key: string, now = Date.now()): boolean {
    const last = this.sent.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.sent.delete(key);
    if (this.sent.size >= this.maxKeys) {
      // The oldest entry first: Map keeps insertion order, and re-sending re-inserts.
      this.sent.delete(this.sent.keys().next().value!);
    }
    this.sent.set(key, now);
    return true;
  }
}

export interface DeliveryFailure {
  /** The Message-ID of our mail that could not be delivered, when the report names it. */
  originalMessageId: string | undefined;
  /** The failed recipient(s) as the report names them. */
  recipients: string[];
  /** The DSN status code (e.g. 5.1.1) and diagnostic, for the agent to read. */
  status: string | undefined;
  diagnostic: string | undefined;
}

/**
 * A delivery status notification (RFC 3464): the report's content type, and the machine-readable
 * part's fields. `parts` are the mail's MIME parts (content type and text) as the parser gives them.
 */
export function deliveryFailure(
  contentType: string | undefined,
  parts: readonly { contentType: string; text: string }[],
): DeliveryFailure | undefined {
  const isReport =
    /multipart\/report/i.test(contentType ?? '') &&
    /report-type\s*=\s*"?delivery-status/i.test(contentType ?? '');
  const status = parts.find((p) => /^message\/(global-)?delivery-status/i.test(p.contentType));
  if (!isReport && !status) return undefined;
  const fields = (status?.text ?? '').split(/\r?\n/);
  const field = (name: string) =>
    fields
      .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      .map((line) => line.slice(name.length + 1).trim());
  const action = field('Action').map((a) => a.toLowerCase());
  // "delayed" and "delivered" reports are no failures.
  if (action.length > 0 && !action.some((a) => a === 'failed')) return undefined;
  const original = parts.find((p) =>
    /^(message\/rfc822|text\/rfc822-headers|message\/global-headers)/i.test(p.contentType),
  );
  const originalMessageId = /^message-id:\s*(<[^>\s]+>)/im.exec(original?.text ?? '')?.[1];
  return {
    originalMessageId,
    recipients: field('Final-Recipient').map((r) => r.replace(/^rfc822;\s*/i, '')),
    status: field('Status')[0],
    diagnostic: field('Diagnostic-Code')[0]?.replace(/^smtp;\s*/i, ''),
  };
}
