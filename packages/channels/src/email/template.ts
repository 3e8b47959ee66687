/**
 * The body of a mail we send: a text and an HTML version from the message's text (the shared
 * markdown subset of packages/protocol), the inbox's signature and a short footer in the
 * conversation's language. The HTML is built from the parsed tree with every text escaped, so
 * nothing an agent (or a customer quoted by them) typed becomes markup; links are only the subset's
 * safe http(s)/mailto ones.
 */
import { parseMarkdown, renderMarkdown, type CreateElement } from '@sofortdesk/protocol/markdown';

export type MailLanguage = 'de' | 'en';

export interface ReplyMailInput {
  text: string;
  language: MailLanguage;
  senderName: string;
  /** The inbox's signature in this language (plain text); null: none. */
  signature: string | null;
  /** Files of the reply: sent as links (the unguessable URL is the permission, as in the widget). */
  attachments: { filename: string; url: string }[];
  /** An automatic answer: the footer says so. */
  auto: boolean;
}

const TEXTS = {
  de: {
    reply: 'Antworten Sie einfach auf diese E-Mail.',
    auto: 'Dies ist eine automatische Antwort.',
    files: 'Anhänge',
  },
  en: {
    reply: 'Simply reply to this e-mail.',
    auto: 'This is an automatic answer.',
    files: 'Attachments',
  },
} as const;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An element rendered to HTML; strings among children are text, escaped here. */
interface Html {
  html: string;
}

const ALLOWED = new Set(['p', 'ul', 'ol', 'li', 'pre', 'code', 'strong', 'em', 'a']);

const h: CreateElement<Html> = (type, props, ...children) => {
  if (!ALLOWED.has(type)) throw new Error(`unexpected element ${type}`);
  const inner = children
    .map((child) => {
      if (typeof child !== 'string') return child.html;
      const escaped = escapeHtml(child);
      // Line breaks inside a paragraph are the writer's; in code, <pre> keeps them.
      return type === 'pre' || type === 'code' ? escaped : escaped.replace(/\n/g, '<br>\n');
    })
    .join('');
  // Only the link's href, from safeHref (http, https, mailto): a mail client opens it in a new window.
  const attributes = type === 'a' && props?.href ? ` href="${escapeHtml(props.href)}"` : '';
  return { html: `<${type}${attributes}>${inner}</${type}>` };
};

/** The message's markdown as escaped HTML. */
export function markdownToHtml(text: string): string {
  return renderMarkdown(parseMarkdown(text), h)
    .map((node) => node.html)
    .join('\n');
}

export function renderReplyMail(input: ReplyMailInput): { text: string; html: string } {
  const texts = TEXTS[input.language];
  const signature = input.signature?.replace(/\r\n?/g, '\n').trim() || null;
  const files = input.attachments.map((file) => `${file.filename}: ${file.url}`);
  const footer = input.auto ? `${texts.auto} ${texts.reply}` : texts.reply;

  const text = [
    input.text.replace(/\r\n?/g, '\n').trim(),
    ...(files.length > 0 ? [`${texts.files}:\n${files.map((line) => `- ${line}`).join('\n')}`] : []),
    // "-- " is the signature separator mail clients recognise (RFC 3676).
    ...(signature ? [`-- \n${signature}`] : []),
    footer,
  ].join('\n\n');

  const fileList =
    input.attachments.length > 0
      ? `<p>${escapeHtml(texts.files)}:</p>\n<ul>${input.attachments
          .map((file) => {
            const href = /^https?:\/\//i.test(file.url) ? file.url : undefined;
            const name = escapeHtml(file.filename);
            return `<li>${href ? `<a href="${escapeHtml(href)}">${name}</a>` : name}</li>`;
          })
          .join('')}</ul>`
      : '';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${input.language}"><head><meta charset="utf-8"><title>${escapeHtml(input.senderName)}</title></head>`,
    '<body style="font-family: sans-serif; font-size: 15px; line-height: 1.5; color: #1f2328">',
    markdownToHtml(input.text),
    fileList,
    signature
      ? `<p style="color: #57606a">-- <br>\n${escapeHtml(signature).replace(/\n/g, '<br>\n')}</p>`
      : '',
    `<p style="color: #57606a; font-size: 13px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { text, html };
}
