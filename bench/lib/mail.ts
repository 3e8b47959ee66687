/**
 * Inbound mail throughput: nodemailer (pooled SMTP connections) → the server's SMTP listener, which
 * answers 250 only once a mail is parsed, threaded and committed. A typical mix of customer mail, and
 * beside it the floor of the same mix parsed by mailparser alone, in this process.
 */
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface MailLoadResult {
  sent: number;
  accepted: number;
  refused: number;
  durationS: number;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The floor: the same mix through mailparser's simpleParser, one after another, in the bench process. */
  parseOnlyPerSecond: number;
  mix: Record<string, number>;
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200 * 1024), Buffer.from('\n%%EOF\n')]);
const QUOTE = [
  '',
  'Am 20.11.2026 um 14:03 schrieb Shop Kundenservice <service@shop.example.test>:',
  '> Guten Tag, vielen Dank für Ihre Nachricht. Wir haben Ihre Bestellung geprüft',
  '> und melden uns, sobald die Ware versendet ist.',
  '> Mit freundlichen Grüßen',
  '> Ihr Kundenservice',
].join('\n');
const OUTLOOK = [
  '',
  '________________________________',
  'Von: Shop Kundenservice <service@shop.example.test>',
  'Gesendet: Freitag, 20. November 2026 14:03',
  'An: Kunde',
  'Betreff: AW: Bestellung',
  '',
  'Guten Tag, wir haben Ihre Anfrage erhalten.',
].join('\n');

/** What customers send: mostly short new mails, replies with quoted history, some with a file. */
export function typicalMail(i: number, to: string): { kind: string; mail: Mail.Options } {
  const customer = `kunde-${i % 500}@kunden.example.test`;
  const base = {
    from: `Kunde ${i % 500} <${customer}>`,
    to,
    messageId: `<bench-${i}-${randomBytes(4).toString('hex')}@kunden.example.test>`,
  };
  const slot = i % 20;
  if (slot < 11) {
    return {
      kind: 'plain text, new',
      mail: {
        ...base,
        subject: `Frage zu Bestellung ${i}`,
        text: `Guten Tag,\n\nwo bleibt meine Bestellung ${i}? Sie sollte gestern ankommen.\n\nViele Grüße`,
      },
    };
  }
  if (slot < 16) {
    return {
      kind: 'HTML reply with quoted history',
      mail: {
        ...base,
        subject: 'Re: Ihre Bestellung',
        inReplyTo: `<sd.unknown-${i}@shop.example.test>`,
        text: `Danke, aber die Lieferung ist immer noch nicht da.${QUOTE}`,
        html: `<div><p>Danke, aber die Lieferung ist <b>immer noch nicht</b> da.</p><blockquote>${QUOTE.replace(/\n/g, '<br>')}</blockquote><img src="https://tracker.example.test/p.gif"></div>`,
      },
    };
  }
  if (slot < 19) {
    return {
      kind: 'Outlook reply (Von:/Gesendet:)',
      mail: { ...base, subject: 'AW: Bestellung', text: `Können Sie die Adresse noch ändern?${OUTLOOK}` },
    };
  }
  return {
    kind: 'with a 200 KB PDF',
    mail: {
      ...base,
      subject: 'Rechnung falsch',
      text: 'Die Rechnung im Anhang stimmt nicht.',
      attachments: [{ filename: 'rechnung.pdf', content: PDF, contentType: 'application/pdf' }],
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runMailLoad(options: {
  port: number;
  to: string;
  connections: number;
  durationS: number;
}): Promise<MailLoadResult> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: options.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: options.connections,
    maxMessages: Infinity,
  });
  const latencies: number[] = [];
  const mix: Record<string, number> = {};
  let sent = 0;
  let accepted = 0;
  let refused = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationS * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const { kind, mail } = typicalMail(next++, options.to);
        const t0 = performance.now();
        sent++;
        try {
          const info = await transport.sendMail(mail);
          if (info.accepted.length > 0) {
            accepted++;
            mix[kind] = (mix[kind] ?? 0) + 1;
            latencies.push(performance.now() - t0);
          } else refused++;
        } catch {
          refused++;
        }
      }
    }),
  );
  const durationS = (performance.now() - started) / 1000;
  transport.close();

  // The floor: the same mix, built once, parsed for as long again.
  const raws = await Promise.all(
    Array.from({ length: 20 }, (_, i) => new MailComposer(typicalMail(i, options.to).mail).compile().build()),
  );
  let parsed = 0;
  const floorStart = performance.now();
  const floorEnd = floorStart + Math.min(options.durationS, 5) * 1000;
  while (performance.now() < floorEnd) await simpleParser(raws[parsed++ % raws.length]!);
  const parseOnlyPerSecond = parsed / ((performance.now() - floorStart) / 1000);

  latencies.sort((a, b) => a - b);
  return {
    sent,
    accepted,
    refused,
    durationS,
    perSecond: accepted / durationS,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    parseOnlyPerSecond,
    mix,
  };
}
