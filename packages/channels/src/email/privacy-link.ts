/**
 * The job `privacy.send-login-link`: mails a customer the one-time link to their privacy centre
 * (domain use-cases/privacy-centre.ts) through the configured SMTP relay with nodemailer.
 *
 * The link is derived again from the login's id on every run (it is never stored), so a retry sends
 * the same link. A link that was used or ran out meanwhile is not sent at all. No relay, or a 5xx:
 * dead-lettered at once (retrying cannot help); 4xx or no connection: the worker retries.
 */
import { createTransport } from 'nodemailer';
import {
  loadPrivacyLoginMail,
  PermanentJobError,
  type Language,
  type PrivacyCentreDeps,
  type PrivacyLoginMail,
} from '@sofortdesk/domain';
import type { DkimSettings } from './send.ts';
import { escapeHtml } from './template.ts';

export interface PrivacyLinkMailerOptions {
  relay: string | undefined;
  dkim?: DkimSettings;
  /** The absolute URL the link in the mail opens (the privacy centre's login page). */
  loginUrl(accountId: string, token: string, language: Language): string;
  /** The sender when the account has no e-mail inbox, e.g. no-reply@<host of the public URL>. */
  fallbackFrom(): string;
}

const TEXTS = {
  de: {
    subject: (account: string) => `Ihr Link zum Datenschutz-Center${account ? ` von ${account}` : ''}`,
    hello: 'Guten Tag,',
    intro:
      'Sie haben einen Link zu Ihrem Datenschutz-Center angefordert. Dort sehen und ändern Sie Ihre Einwilligungen, laden Ihre Daten herunter oder lassen sie löschen.',
    button: 'Datenschutz-Center öffnen',
    valid: (minutes: number) => `Der Link gilt ${minutes} Minuten und nur einmal.`,
    ignore: 'Haben Sie keinen Link angefordert? Dann ignorieren Sie diese E-Mail einfach.',
  },
  en: {
    subject: (account: string) => `Your link to the privacy centre${account ? ` of ${account}` : ''}`,
    hello: 'Hello,',
    intro:
      'You asked for a link to your privacy centre. There you can see and change your consents, download your data or have it erased.',
    button: 'Open the privacy centre',
    valid: (minutes: number) => `The link is valid for ${minutes} minutes and works once.`,
    ignore: "Didn't ask for a link? Then simply ignore this e-mail.",
  },
} as const;

const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/** The mail's subject, text and HTML (every value escaped in the HTML). */
export function renderPrivacyLinkMail(
  mail: Pick<PrivacyLoginMail, 'language' | 'accountName'>,
  url: string,
  minutes: number,
): { subject: string; text: string; html: string } {
  const t = TEXTS[mail.language];
  const text = [t.hello, '', t.intro, '', url, '', t.valid(minutes), t.ignore, ''].join('\n');
  const html = `<!doctype html><html lang="${mail.language}"><body style="font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5">
<p>${escapeHtml(t.hello)}</p>
<p>${escapeHtml(t.intro)}</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#0b57d0;color:#fff;text-decoration:none">${escapeHtml(t.button)}</a></p>
<p style="color:#57606a">${escapeHtml(t.valid(minutes))}<br>${escapeHtml(t.ignore)}</p>
</body></html>`;
  return { subject: oneLine(t.subject(mail.accountName)), text, html };
}

type SmtpError = Error & { responseCode?: number; response?: string };

export class PrivacyLinkMailer {
  private readonly transport;

  constructor(
    private readonly deps: PrivacyCentreDeps,
    private readonly options: PrivacyLinkMailerOptions,
  ) {
    this.transport = options.relay
      ? createTransport({
          url: options.relay,
          ...(options.dkim && { dkim: options.dkim }),
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        })
      : undefined;
  }

  /** The job handler. */
  async send(accountId: string, payload: { loginId: string }): Promise<void> {
    const mail = await loadPrivacyLoginMail(this.deps, accountId, payload.loginId);
    if (!mail) return;
    if (!this.transport) throw new PermanentJobError('no mail relay configured (SOFORTDESK_SMTP_RELAY)');
    const url = this.options.loginUrl(accountId, mail.token, mail.language);
    const minutes = Math.max(
      1,
      Math.round((Date.parse(mail.expiresAt) - this.deps.clock.now().getTime()) / 60_000),
    );
    const body = renderPrivacyLinkMail(mail, url, minutes);
    try {
      await this.transport.sendMail({
        from: mail.from
          ? { name: oneLine(mail.from.name), address: mail.from.address }
          : this.options.fallbackFrom(),
        to: mail.to,
        subject: body.subject,
        // A message about an account, not a conversation: no reply goes anywhere useful.
        headers: { 'Auto-Submitted': 'auto-generated' },
        text: body.text,
        html: body.html,
      });
    } catch (error) {
      const smtp = error as SmtpError;
      if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500) {
        throw new PermanentJobError(
          `the relay refused the mail: ${oneLine(smtp.response ?? `${smtp.responseCode}`)}`,
        );
      }
      throw error;
    }
  }

  close(): void {
    this.transport?.close();
  }
}
