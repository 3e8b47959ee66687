/**
 * The inbound SMTP listener (smtp-server): mail for the inboxes' addresses, sent directly or relayed
 * by the company's mail server. It accepts RCPT only for addresses `accepts` knows (550 otherwise),
 * refuses mail over the size limit (552), and answers 250 only after `deliver` has stored the mail
 * (committed): a relay that got 250 may forget the mail, so nothing acknowledged is lost. A failure
 * while storing answers 451, and the relay tries again (delivery is idempotent on the Message-ID).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** A mail refused for good (the relay must not retry): answered with its code and reason. */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly responseCode = 554,
  ) {
    super(message);
    this.name = 'MailRejectedError';
  }
}

export interface SmtpEnvelope {
  /** MAIL FROM; null for the empty return path (bounces and notifications). */
  mailFrom: string | null;
  /** The accepted RCPT TO addresses, lower-cased. */
  rcptTo: string[];
}

export interface SmtpListenerOptions {
  host: string;
  /** 0: a free port (tests). */
  port: number;
  /** The largest message accepted (SIZE is advertised, larger ones answered 552). */
  maxBytes: number;
  /** The name in the greeting and EHLO reply. */
  hostname?: string;
  /** Whether mail for this address (lower-case) is taken. */
  accepts(address: string): Promise<boolean>;
  /** Stores the mail; resolves only once it is committed. */
  deliver(raw: Buffer, envelope: SmtpEnvelope): Promise<void>;
  onError?(error: unknown): void;
}

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

export class SmtpListener {
  private readonly server: SMTPServer;

  constructor(private readonly options: SmtpListenerOptions) {
    this.server = new SMTPServer({
      name: options.hostname,
      banner: 'Sofortdesk',
      // Receiving only: no accounts to log in to. TLS belongs to the relay or a proxy in front.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: options.maxBytes,
      maxRecipients: 100,
      logger: false,
      // On shutdown, give a transfer in progress a moment; its relay retries what got no 250.
      closeTimeout: 5000,
      onRcptTo: (address, _session, callback) => {
        const recipient = address.address.trim().toLowerCase();
        options.accepts(recipient).then(
          (known) => callback(known ? undefined : smtpError('5.1.1 No such mailbox here', 550)),
          (error: unknown) => {
            options.onError?.(error);
            callback(smtpError('4.3.0 Temporary failure, try again later', 451));
          },
        );
      },
      onData: (stream, session, callback) => {
        void this.receive(stream, {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.trim().toLowerCase()),
        }).then(
          () => callback(null, '2.0.0 Stored'),
          (error: unknown) => callback(error as Error),
        );
      },
    });
    this.server.on('error', (error) => options.onError?.(error));
  }

  private async receive(stream: SMTPServerDataStream, envelope: SmtpEnvelope): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    // Read to the end in any case (the protocol needs the whole DATA), but keep no more than the limit.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= this.options.maxBytes) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > this.options.maxBytes) {
      throw smtpError(`5.3.4 Message too large (at most ${this.options.maxBytes} bytes)`, 552);
    }
    try {
      await this.options.deliver(Buffer.concat(chunks), envelope);
    } catch (error) {
      if (error instanceof MailRejectedError) throw smtpError(error.message, error.responseCode);
      this.options.onError?.(error);
      throw smtpError('4.3.0 Temporary failure, try again later', 451);
    }
  }

  /** Starts listening; resolves with the port (the chosen one when asked for 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off('error', reject);
        resolve((this.server.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
