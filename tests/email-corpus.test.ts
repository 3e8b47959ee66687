/**
 * Real-world-shaped MIME over SMTP: each mail of the corpus is stored (with what could not be kept
 * listed and its reason) or refused with an SMTP reason, and the server keeps serving. The raw bytes
 * go over a plain socket conversation with our listener, so nothing on the way repairs them.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emailExternalId, type Message } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

const CRLF = '\r\n';
const id = () => `<corpus-${randomBytes(6).toString('hex')}@kunde.example.test>`;

/** One SMTP conversation over a raw socket; resolves with the reply to the final dot. */
function smtpSend(port: number, from: string, to: string, raw: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const steps = [`EHLO corpus.test`, `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA'];
    let buffer = '';
    let step = 0;
    let sentBody = false;
    socket.setTimeout(60_000, () => reject(new Error('SMTP timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      // A reply is complete with a line "NNN text" (a space after the code).
      const lines = buffer.split(CRLF);
      const last = lines.at(-2);
      if (!last || !/^\d{3} /.test(last)) return;
      buffer = '';
      const code = Number(last.slice(0, 3));
      if (sentBody) {
        socket.end(`QUIT${CRLF}`);
        resolve(last);
        return;
      }
      if (code >= 400) {
        socket.end(`QUIT${CRLF}`);
        resolve(last);
        return;
      }
      if (step < steps.length) {
        socket.write(`${steps[step++]}${CRLF}`);
        return;
      }
      // DATA accepted (354): the message, dot-stuffed, then the lone dot.
      const text = raw.toString('latin1').replace(/\r?\n/g, CRLF).replace(/^\./gm, '..');
      socket.write(Buffer.from(text, 'latin1'));
      socket.write(`${CRLF}.${CRLF}`);
      sentBody = true;
    });
  });
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]);

function corpus(to: string): { name: string; messageId: string | null; raw: Buffer }[] {
  const header = (messageId: string | null, extra: string[] = []) =>
    [
      'From: Erika Muster <erika@kunde.example.test>',
      `To: ${to}`,
      'Date: Mon, 23 Nov 2026 10:00:00 +0100',
      ...(messageId ? [`Message-ID: ${messageId}`] : []),
      'MIME-Version: 1.0',
      ...extra,
    ].join(CRLF);
  const mails: { name: string; messageId: string | null; raw: Buffer }[] = [];
  const add = (name: string, messageId: string | null, raw: string | Buffer) =>
    mails.push({ name, messageId, raw: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw });

  let m = id();
  add(
    'multipart/alternative',
    m,
    [
      header(m, ['Subject: Alternative', 'Content-Type: multipart/alternative; boundary="b1"']),
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Meine Lieferung fehlt.',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Meine <b>Lieferung</b> fehlt.</p>',
      '--b1--',
      '',
    ].join(CRLF),
  );
  m = id();
  add(
    'nested forward (message/rfc822 in a forward of a forward)',
    m,
    [
      header(m, ['Subject: WG: WG: Rechnung', 'Content-Type: multipart/mixed; boundary="outer"']),
      '',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Siehe unten, bitte prüfen.',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      'From: Buchhaltung <buha@firma.example.test>',
      'Subject: WG: Rechnung',
      'Content-Type: multipart/mixed; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Weitergeleitet.',
      '--inner',
      'Content-Type: message/rfc822',
      '',
      'From: Shop <shop@example.test>',
      'Subject: Rechnung',
      '',
      'Ihre Rechnung 4711.',
      '--inner--',
      '--outer--',
      '',
    ].join(CRLF),
  );
  m = id();
  add(
    'winmail.dat (TNEF from Outlook)',
    m,
    [
      header(m, ['Subject: Outlook', 'Content-Type: multipart/mixed; boundary="t"']),
      '',
      '--t',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Anbei die Unterlagen.',
      '--t',
      'Content-Type: application/ms-tnef; name="winmail.dat"',
      'Content-Disposition: attachment; filename="winmail.dat"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0x78, 0x9f, 0x3e, 0x22, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64'),
      '--t--',
      '',
    ].join(CRLF),
  );
  m = id();
  add(
    'unknown charset with 8-bit text',
    m,
    Buffer.concat([
      Buffer.from(
        [
          header(m, ['Subject: Zeichensalat', 'Content-Type: text/plain; charset=x-no-such-charset']),
          '',
          '',
        ].join(CRLF),
      ),
      Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0xe4, 0x0d, 0x0a]),
    ]),
  );
  m = id();
  add(
    '8-bit headers (raw UTF-8 in Subject and From)',
    m,
    Buffer.from(
      [
        'From: Jürgen Müller <juergen@kunde.example.test>',
        `To: ${to}`,
        `Message-ID: ${m}`,
        'Subject: Größe und Übergabe',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Grüße aus Köln',
        '',
      ].join(CRLF),
      'utf8',
    ),
  );
  add(
    'missing headers (no From, Date, Subject or Message-ID)',
    null,
    ['Content-Type: text/plain', '', 'Hallo ohne Kopf', ''].join(CRLF),
  );
  m = id();
  const big = Buffer.concat([PDF, Buffer.alloc(20_000_000 - PDF.length, 0x20)]);
  add(
    '20 MB attachment',
    m,
    [
      header(m, ['Subject: Großer Anhang', 'Content-Type: multipart/mixed; boundary="big"']),
      '',
      '--big',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Der Vertrag im Anhang.',
      '--big',
      'Content-Type: application/pdf; name="vertrag.pdf"',
      'Content-Disposition: attachment; filename="vertrag.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      big.toString('base64').replace(/.{76}/g, `$&${CRLF}`),
      '--big--',
      '',
    ].join(CRLF),
  );
  m = id();
  add(
    'broken MIME (boundary never closed, bad base64)',
    m,
    [
      header(m, ['Subject: Kaputt', 'Content-Type: multipart/mixed; boundary="nope"']),
      '',
      '--nope',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!! not base64 ????',
      '',
    ].join(CRLF),
  );
  return mails;
}

describeEachDatabase('e-mail corpus', (database) => {
  let t: TestServer;
  let inboxId: string;
  const address = `corpus-${randomBytes(3).toString('hex')}@shop.example.test`;

  beforeAll(async () => {
    t = await startTestServer(database, {
      SOFORTDESK_SMTP_PORT: '0',
      SOFORTDESK_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Korpus',
      channel: 'email',
      address,
    });
    expect(created.status).toBe(201);
    inboxId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('stores each mail of the corpus or refuses it with a reason, and keeps serving', async () => {
    const outcomes: Record<string, string> = {};
    for (const mail of corpus(address)) {
      const reply = await smtpSend(t.server.smtpPort!, 'erika@kunde.example.test', address, mail.raw);
      outcomes[mail.name] = reply;
      // Either stored (250) or refused with a permanent reason the sender's server reports back.
      expect(reply, mail.name).toMatch(/^(250|5\d\d) .+/);
      if (reply.startsWith('250') && mail.messageId) {
        const stored: Message | undefined = await t.server.useCases.uow.repos.messages.findByExternalId(
          t.a.accountId,
          inboxId,
          emailExternalId('in', mail.messageId),
        );
        expect(stored, mail.name).toBeDefined();
        expect(stored!.email?.rawKey, mail.name).toBeTruthy();
      }
    }
    // Every one of these is a mail a person could have sent: all were stored.
    expect(Object.values(outcomes).every((reply) => reply.startsWith('250'))).toBe(true);

    const messages = async (subject: string) => {
      const all = (await t.server.useCases.uow.repos.conversations.list(t.a.accountId, { limit: 100 })).items;
      const found: Message[] = [];
      for (const conversation of all) {
        const page = await t.server.useCases.uow.repos.messages.listForConversation(
          t.a.accountId,
          conversation.id,
          {
            limit: 50,
          },
        );
        found.push(...page.items.filter((message) => message.email?.subject === subject));
      }
      return found;
    };
    // What could not be kept as a file is listed with its reason; the 20 MB PDF is a file.
    const [tnef] = await messages('Outlook');
    expect(tnef!.text).toContain('Anbei die Unterlagen.');
    expect(tnef!.email!.skippedAttachments).toEqual([
      expect.objectContaining({ filename: 'winmail.dat', reason: expect.any(String) }),
    ]);
    const [large] = await messages('Großer Anhang');
    expect(large!.attachments).toEqual([
      expect.objectContaining({ filename: 'vertrag.pdf', size: 20_000_000 }),
    ]);
    const [eightBit] = await messages('Größe und Übergabe');
    expect(eightBit!.text).toContain('Grüße aus Köln');
    const [forward] = await messages('WG: WG: Rechnung');
    expect(forward!.text).toContain('Siehe unten, bitte prüfen.');
    const [alternative] = await messages('Alternative');
    expect(alternative!.text).toBe('Meine Lieferung fehlt.');
    expect(alternative!.email!.html).toContain('<b>Lieferung</b>');

    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
