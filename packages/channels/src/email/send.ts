/**
 * The job `email.send-message`: sends an outbound message as the mail fixed when it was created
 * (domain use-cases/email-outbound.ts) through the configured SMTP relay with nodemailer.
 *
 * Exactly the stored Message-ID goes out, so a crash after the relay's 250 and a retry send the same
 * mail again, which the relay and the recipient's client drop as a repeat. A refusal that retrying
 * cannot change (no relay configured, a 5xx answer) marks the message undelivered with the reason for
 * the agents and dead-letters the job; a temporary one (4xx, no connection) throws, and the job
 * worker retries with its backoff.
 */
import { createTransport } from 'nodemailer';
import {
  AUTO_SUBMITTED,
  loadOutboundMail,
  markMailUndelivered,
  NO_RELAY_REASON,
  PermanentJobError,
  type UseCaseDeps,
} from '@sofortdesk/domain';
import { AutoReplyLimiter } from './automation.ts';
import { renderReplyMail } from './template.ts';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** The private key, PEM. */
  privateKey: string;
}

export interface MailSenderOptions {
  /** smtp:// or smtps:// URL of the relay; undefined: every mail fails with a clear reason. */
  relay: string | undefined;
  dkim?: DkimSettings;
  /** At most one automatic answer per sender and hour (RFC 3834); one per process by default. */
  autoReplies?: AutoReplyLimiter;
}

/** Header values we build from names and subjects: a line break would start a header of its own. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

type SmtpError = Error & { responseCode?: number; response?: string; code?: string };

export class MailSender {
  private readonly transport;
  private readonly autoReplies: AutoReplyLimiter;
  /** Automatic answers the limiter let through: a retry of the same one is no second reply. */
  private readonly allowedAuto = new Set<string>();

  constructor(
    private readonly deps: UseCaseDeps,
    private readonly options: MailSenderOptions,
  ) {
    this.transport = options.relay
      ? createTransport({
          url: options.relay,
          ...(options.dkim && { dkim: options.dkim }),
          // A relay that does not answer must not hold a job worker's slot for minutes.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        })
      : undefined;
    this.autoReplies = options.autoReplies ?? new AutoReplyLimiter();
  }

  /** The job handler. */
  async send(accountId: string, payload: { messageId: string }): Promise<void> {
    const mail = await loadOutboundMail(this.deps, accountId, payload.messageId);
    // Deleted, or not a mail (nothing to send); or already found undeliverable.
    if (!mail || mail.message.delivery?.status === 'failed') return;
    const { message, inbox } = mail;
    const email = message.email;
    const to = email.to;
    if (!to || !email.from) return;

    if (!this.transport) {
      await markMailUndelivered(this.deps, accountId, message.id, NO_RELAY_REASON);
      throw new PermanentJobError(NO_RELAY_REASON);
    }
    const auto = email.automated !== null;
    if (auto && !this.allowedAuto.has(message.id)) {
      if (!this.autoReplies.allow(`${inbox.id}:${to.toLowerCase()}`)) {
        await markMailUndelivered(
          this.deps,
          accountId,
          message.id,
          'automatic answer not sent: one per sender and hour (RFC 3834)',
        );
        return;
      }
      if (this.allowedAuto.size >= 10_000) this.allowedAuto.clear();
      this.allowedAuto.add(message.id);
    }

    const body = renderReplyMail({
      text: message.text,
      language: mail.language,
      senderName: mail.senderName,
      signature: mail.signature,
      attachments: message.attachments,
      auto,
    });
    try {
      await this.transport.sendMail({
        from: { name: oneLine(mail.senderName), address: email.from },
        to,
        subject: oneLine(email.subject),
        messageId: email.messageId,
        ...(email.inReplyTo && { inReplyTo: email.inReplyTo, references: [email.inReplyTo] }),
        ...(auto && { headers: { 'Auto-Submitted': AUTO_SUBMITTED } }),
        text: body.text,
        html: body.html,
      });
    } catch (error) {
      const smtp = error as SmtpError;
      if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500) {
        const answer = oneLine(smtp.response ?? `${smtp.responseCode}`);
        await markMailUndelivered(this.deps, accountId, message.id, answer);
        throw new PermanentJobError(`the relay refused the mail: ${answer}`);
      }
      // 4xx, a lost connection, a timeout: the job's backoff tries again.
      throw error;
    }
  }

  close(): void {
    this.transport?.close();
  }
}
