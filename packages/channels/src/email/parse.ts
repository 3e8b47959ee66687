/**
 * An inbound e-mail, parsed (mailparser) into what the inbox needs: who wrote, what is new in it,
 * a safe HTML version, its attachments, the threading headers, and whether a machine sent it.
 *
 * The HTML is sanitised (sanitize-html) to a small set of formatting tags: no scripts, no event
 * handlers, no styles (CSS can load from the network), no forms or frames, links only to http(s)
 * and mailto. Images load only from the mail itself (cid:, kept for the caller to point at the
 * stored attachment) or data: URLs; remote images are removed and counted, so a tracking pixel
 * never tells the sender that an agent opened the mail.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { automatedReason, deliveryFailure, headerMap, type DeliveryFailure } from './automation.ts';
import { foldQuotes, type FoldedText } from './quotes.ts';

export interface MailAddress {
  address: string;
  name: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** Set for inline images the HTML refers to as cid:... */
  contentId: string | undefined;
  inline: boolean;
}

export interface InboundMail {
  messageId: string | undefined;
  from: MailAddress | undefined;
  replyTo: MailAddress | undefined;
  /** To, Cc and Delivered-To, lower-cased: where a signed reply address may be. */
  recipients: string[];
  subject: string;
  date: string | undefined;
  inReplyTo: string | undefined;
  references: string | undefined;
  /** The plain text, with the quoted history and the signature folded apart. */
  text: FoldedText;
  /** Sanitised HTML, or null for a text-only mail. */
  html: string | null;
  remoteImagesBlocked: number;
  attachments: MailAttachment[];
  /** Why no automatic reply may answer this mail (RFC 3834), or undefined. */
  automated: string | undefined;
  /** Set when this mail is a delivery failure report about one of ours. */
  bounce: DeliveryFailure | undefined;
}

const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'a',
  'img',
];

export function sanitizeMailHtml(html: string): { html: string; remoteImagesBlocked: number } {
  let remoteImagesBlocked = 0;
  const clean = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      // rel and target are ours (transformTags below); sanitize-html filters after transforming.
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    allowProtocolRelative: false,
    // script, style, title and the like go with their content, not just their tags.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    exclusiveFilter: (frame) => {
      if (frame.tag !== 'img') return false;
      const src = frame.attribs.src ?? '';
      if (/^(cid:|data:image\/(png|jpeg|gif|webp);)/i.test(src)) return false;
      remoteImagesBlocked++;
      return true;
    },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
    },
  });
  return { html: clean, remoteImagesBlocked };
}

const addresses = (value: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .filter((entry) => entry.address)
    .map((entry) => ({ address: entry.address!.toLowerCase(), name: entry.name ?? '' }));

const headerText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(' ');
  return typeof value === 'string' ? value : undefined;
};

export async function parseInboundMail(raw: Buffer | string): Promise<InboundMail> {
  // skipImageLinks: keep cid: references (the caller points them at the stored attachments)
  // instead of inlining every image as a data: URL.
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers = headerMap(
    mail.headerLines.map((line) => [line.key, line.line.slice(line.key.length + 1).trim()]),
  );
  const attachments: MailAttachment[] = mail.attachments.map((attachment) => ({
    filename: attachment.filename ?? 'attachment',
    contentType: attachment.contentType.toLowerCase(),
    size: attachment.size,
    content: attachment.content,
    contentId: attachment.contentId?.replace(/^<|>$/g, ''),
    inline: attachment.contentDisposition === 'inline' || attachment.related === true,
  }));
  const sanitized = typeof mail.html === 'string' ? sanitizeMailHtml(mail.html) : undefined;
  const text =
    mail.text ?? (sanitized ? sanitizeHtml(sanitized.html, { allowedTags: [], allowedAttributes: {} }) : '');
  const deliveredTo = headers.get('delivered-to') ?? [];
  const contentType = headers.get('content-type')?.[0];
  const isDeliveryReport =
    /multipart\/report/i.test(contentType ?? '') && /delivery-status/i.test(contentType ?? '');
  return {
    messageId: mail.messageId ? `<${mail.messageId.replace(/^<|>$/g, '')}>` : undefined,
    from: addresses(mail.from)[0],
    replyTo: addresses(mail.replyTo)[0],
    recipients: [
      ...addresses(mail.to).map((a) => a.address),
      ...addresses(mail.cc).map((a) => a.address),
      ...deliveredTo.map((a) => a.trim().toLowerCase()),
    ],
    subject: mail.subject ?? '',
    date: mail.date?.toISOString(),
    inReplyTo: headerText(mail.inReplyTo),
    references: headerText(mail.references),
    text: foldQuotes(text),
    html: sanitized?.html ?? null,
    remoteImagesBlocked: sanitized?.remoteImagesBlocked ?? 0,
    attachments,
    automated: automatedReason(headers),
    bounce: deliveryFailure(contentType, [
      // mailparser reads a report's machine-readable part as text and appends it to the mail's text.
      ...(isDeliveryReport ? [{ contentType: 'message/delivery-status', text: mail.text ?? '' }] : []),
      ...attachments.map((a) => ({ contentType: a.contentType, text: a.content.toString('utf8') })),
    ]),
  };
}
