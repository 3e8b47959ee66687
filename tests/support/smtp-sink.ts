/**
 * A recording SMTP sink on loopback (smtp-server): stands in for the company's relay in tests of
 * outbound mail. Every accepted mail is kept raw and parsed; a recipient whose local part starts with
 * "reject" gets a permanent 550, as a relay answers for an unknown mailbox.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  raw: string;
  parsed: ParsedMail;
  envelope: { mailFrom: string | null; rcptTo: string[] };
}

export interface SmtpSink {
  port: number;
  url: string;
  mails: SunkMail[];
  /** Resolves once `count` mails arrived (polls; the test's own timeout bounds it). */
  waitFor(count: number): Promise<SunkMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (/^reject/i.test(address.address)) {
        callback(
          Object.assign(new Error('5.1.1 <' + address.address + '>: mailbox unknown'), { responseCode: 550 }),
        );
        return;
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              raw: raw.toString('utf8'),
              parsed,
              envelope: {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(count) {
      while (mails.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
