/**
 * The e-mail channel, inbound, against real protocol peers on loopback: nodemailer sends to our SMTP
 * listener, and the REST API shows what was stored. On SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { createTransport, type Mail } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox, threadMessageId, threadReplyAddress } from '@sofortdesk/channels';
import { emailExternalId, readEmailInboxSecrets, type Message } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

const SECRET_KEY = randomBytes(32);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describeEachDatabase('e-mail inboxes and inbound mail over SMTP', (database) => {
  let t: TestServer;
  let transport: Mail;
  type MailOptions = Parameters<Mail['sendMail']>[0];
  let inbox: { id: string; email: { address: string } };
  const address = `service-${randomBytes(4).toString('hex')}@shop.example.test`;

  beforeAll(async () => {
    t = await startTestServer(database, {
      SOFORTDESK_SMTP_PORT: '0',
      SOFORTDESK_SECRET_KEY: SECRET_KEY.toString('base64'),
    });
    transport = createTransport({
      host: '127.0.0.1',
      port: t.server.smtpPort!,
      secure: false,
      ignoreTLS: true,
    });
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Kundenservice',
      channel: 'email',
      address: address.toUpperCase(),
      senderName: 'Shop Kundenservice',
      imap: { host: 'imap.shop.example.test', user: 'service', password: 'imap-geheim-123' },
    });
    expect(created.status).toBe(201);
    inbox = created.body;
  });
  afterAll(async () => {
    transport?.close();
    await t?.close();
    await database.drop();
  });

  const repos = () => t.server.useCases.uow.repos;
  const send = (mail: MailOptions) => transport.sendMail({ to: address, ...mail });
  const messagesOf = async (conversationId: string): Promise<Message[]> =>
    (await repos().messages.listForConversation(t.a.accountId, conversationId, { limit: 50 })).items;
  const inboundByMessageId = async (messageId: string) =>
    repos().messages.findByExternalId(t.a.accountId, inbox.id, emailExternalId('in', messageId));
  const threadKey = async () =>
    Buffer.from(
      (
        await readEmailInboxSecrets(
          { ...t.server.useCases, secrets: new SecretBox(SECRET_KEY) },
          t.a.accountId,
          inbox.id,
        )
      ).threadingKey,
      'hex',
    );
  /** An outbound mail of ours in the conversation, as the outbound part will store it. */
  const sentMail = async (conversationId: string, messageId: string) =>
    repos().messages.create({
      accountId: t.a.accountId,
      inboxId: inbox.id,
      conversationId,
      direction: 'out',
      kind: 'text',
      authorType: 'user',
      authorId: t.a.admin.id,
      text: 'Gern geschehen.',
      externalId: emailExternalId('out', messageId),
      attachments: [],
      at: new Date().toISOString(),
    });

  describe('the inbox over the API', () => {
    it('shows the e-mail settings, lower-cased, and never a secret', async () => {
      expect(inbox.email).toEqual({
        address,
        senderName: 'Shop Kundenservice',
        signature: { de: null, en: null },
        imap: {
          host: 'imap.shop.example.test',
          port: 993,
          secure: true,
          user: 'service',
          mailbox: 'INBOX',
          passwordSet: true,
        },
      });
      const got = await api(t.url, t.a.adminToken, 'GET', `/api/v1/inboxes/${inbox.id}`);
      expect(got.status).toBe(200);
      expect(got.body.email.address).toBe(address);
      const listed = await api(t.url, t.a.adminToken, 'GET', '/api/v1/inboxes');
      for (const text of [JSON.stringify(got.body), JSON.stringify(listed.body), JSON.stringify(inbox)]) {
        expect(text).not.toContain('imap-geheim-123');
        expect(text).not.toMatch(/threadingKey|password"/);
      }
    });

    it('stores the IMAP password and the threading key encrypted', async () => {
      const sealed = (await repos().inboxes.getEmailSecrets(t.a.accountId, inbox.id))!;
      expect(sealed).not.toContain('imap-geheim-123');
      const opened = JSON.parse(new SecretBox(SECRET_KEY).decrypt(sealed));
      expect(opened.imapPassword).toBe('imap-geheim-123');
      expect(opened.threadingKey).toMatch(/^[0-9a-f]{64}$/);
    });

    it('answers 409 for an address another inbox has, in any case, even in another account', async () => {
      for (const [token, candidate] of [
        [t.a.adminToken, address],
        [t.b.adminToken, address.replace('service', 'SERVICE')],
      ] as const) {
        const response = await api(t.url, token, 'POST', '/api/v1/inboxes', {
          name: 'Doppelt',
          channel: 'email',
          address: candidate,
        });
        expect(response.status).toBe(409);
      }
    });

    it('refuses a malformed address or one with a +tag, and agents may not create inboxes', async () => {
      for (const bad of ['kein-at-zeichen', 'a@', 'service+x@shop.example.test', 'a b@shop.example.test']) {
        const response = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
          name: 'Falsch',
          channel: 'email',
          address: bad,
        });
        expect(response.status, bad).toBe(422);
        const errors = (response.body as { errors: { path: string }[] }).errors;
        expect(errors.map((e) => e.path)).toContain('json.address');
      }
      const asAgent = await api(t.url, t.a.agentToken, 'POST', '/api/v1/inboxes', {
        name: 'Agent',
        channel: 'email',
        address: `agent-${address}`,
      });
      expect(asAgent.status).toBe(403);
    });
  });

  describe('mail over SMTP', () => {
    let first: { conversationId: string; contactId: string; messageId: string };

    it('opens a conversation with the sanitised mail and its files', async () => {
      const info = await send({
        from: '"Erika Muster" <erika@kundin.example.test>',
        subject: 'Bestellung 4711 kam nicht an',
        text: 'Hallo, meine Bestellung ist nicht angekommen.\n\n-- \nErika Muster\nMusterstraße 1',
        html:
          '<p>Hallo, meine Bestellung ist <b>nicht</b> angekommen.</p><script>alert(1)</script>' +
          '<img src="https://tracker.example.test/pixel.gif"><img src="cid:logo@kundin">',
        attachments: [
          { filename: 'foto.png', content: PNG, contentType: 'image/png' },
          { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@kundin' },
          { filename: 'rechnung.docx', content: Buffer.from('PK\u0003\u0004 not really a docx') },
        ],
      });
      expect(info.accepted).toEqual([address]);
      const message = (await inboundByMessageId(info.messageId))!;
      expect(message).toBeDefined();
      expect(message.text).toBe('Hallo, meine Bestellung ist nicht angekommen.');
      expect(message.email).toMatchObject({
        messageId: info.messageId,
        subject: 'Bestellung 4711 kam nicht an',
        from: 'erika@kundin.example.test',
        signature: expect.stringContaining('Erika Muster'),
        automated: null,
        remoteImagesBlocked: 1,
        skippedAttachments: [
          expect.objectContaining({ filename: 'rechnung.docx', reason: 'type not allowed' }),
        ],
      });
      expect(message.email!.html).toContain('<b>nicht</b>');
      expect(message.email!.html).not.toMatch(/script|alert|tracker\.example|cid:/);
      expect(message.email!.rawKey).toMatch(/^[0-9a-f]{64}$/);
      expect(message.attachments.map((a) => a.filename).sort()).toEqual(['foto.png', 'logo.png']);
      // The inline image points at its stored file.
      const logo = message.attachments.find((a) => a.filename === 'logo.png')!;
      expect(message.email!.html).toContain(`src="${logo.url}"`);
      const download = await fetch(message.attachments[0]!.url);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);

      const conversation = (await repos().conversations.get(t.a.accountId, message.conversationId))!;
      expect(conversation.inboxId).toBe(inbox.id);
      expect(conversation.waitingSince).not.toBeNull();
      const contact = (await repos().contacts.get(t.a.accountId, conversation.contactId))!;
      expect(contact).toMatchObject({ name: 'Erika Muster', email: 'erika@kundin.example.test' });
      first = { conversationId: conversation.id, contactId: contact.id, messageId: info.messageId };

      // Agents see it over the API, with the mail's details and no raw key or HTML.
      const listed = await api(
        t.url,
        t.a.adminToken,
        'GET',
        `/api/v1/conversations/${conversation.id}/messages`,
      );
      expect(listed.body.items[0].email).toMatchObject({
        subject: 'Bestellung 4711 kam nicht an',
        hasHtml: true,
      });
      expect(JSON.stringify(listed.body)).not.toContain(message.email!.rawKey!);
    });

    it('lets agents download the raw mail and open its sanitised HTML in a sandbox; nobody else', async () => {
      const message = (await inboundByMessageId(first.messageId))!;
      const base = `/api/v1/messages/${message.id}`;
      const raw = await fetch(`${t.url}${base}/raw`, {
        headers: { authorization: `Bearer ${t.a.adminToken}` },
      });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('message/rfc822');
      expect(raw.headers.get('content-disposition')).toMatch(/^attachment;/);
      const text = Buffer.from(await raw.arrayBuffer()).toString('utf8');
      // Everything as it arrived: the header, the script the HTML view dropped, the file not stored.
      expect(text).toContain('Subject: Bestellung 4711 kam nicht an');
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain('rechnung.docx');

      const html = await fetch(`${t.url}${base}/html`, {
        headers: { authorization: `Bearer ${t.a.adminToken}` },
      });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
      const page = await html.text();
      expect(page).toContain('<b>nicht</b>');
      expect(page).not.toMatch(/<script|tracker\.example/);

      // Another account, no token, or a message that is no mail: not found / not allowed.
      expect((await api(t.url, t.b.adminToken, 'GET', `${base}/raw`)).status).toBe(404);
      expect((await api(t.url, undefined, 'GET', `${base}/html`)).status).toBe(401);
      const other = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        externalId: `not-mail-${randomBytes(3).toString('hex')}`,
        contact: { identifier: 'app-user' },
        text: 'Aus der App',
      });
      expect(
        (await api(t.url, t.a.adminToken, 'GET', `/api/v1/messages/${other.body.messageId}/raw`)).status,
      ).toBe(404);
    });

    it('stores a mail sent twice with one Message-ID once', async () => {
      const mail = {
        from: 'erika@kundin.example.test',
        subject: 'Nochmal',
        text: 'Doppelt gesendet',
        messageId: `<twice-${randomBytes(4).toString('hex')}@kundin.example.test>`,
      };
      await send(mail);
      await send(mail);
      const message = (await inboundByMessageId(mail.messageId))!;
      const texts = (await messagesOf(message.conversationId)).filter((m) => m.text === 'Doppelt gesendet');
      expect(texts).toHaveLength(1);
    });

    it('threads a reply to our reply address, and one naming a Message-ID we sent her', async () => {
      const key = await threadKey();
      const ref = { conversationId: first.conversationId, contactId: first.contactId };
      const viaAddress = await transport.sendMail({
        from: 'Erika Muster <ERIKA@kundin.example.test>',
        to: threadReplyAddress(key, ref, address),
        subject: 'Re: etwas ganz anderes',
        text: 'Hier ist die Sendungsnummer.\n\nAm 1. März 2026 um 10:00 schrieb Shop:\n> Wie lautet die Nummer?',
      });
      const threaded = (await inboundByMessageId(viaAddress.messageId))!;
      expect(threaded.conversationId).toBe(first.conversationId);
      expect(threaded.text).toBe('Hier ist die Sendungsnummer.');
      expect(threaded.email!.quoted).toMatch(/Wie lautet die Nummer/);

      const ours = `<sd.plain-${randomBytes(4).toString('hex')}@shop.example.test>`;
      await sentMail(first.conversationId, ours);
      const viaHeader = await send({
        from: 'erika@kundin.example.test',
        subject: 'Antwort',
        text: 'Danke!',
        inReplyTo: ours,
        references: [ours],
      });
      expect((await inboundByMessageId(viaHeader.messageId))!.conversationId).toBe(first.conversationId);
    });

    it("never threads another customer's mail: forged In-Reply-To, token or subject open a new conversation", async () => {
      const key = await threadKey();
      const ref = { conversationId: first.conversationId, contactId: first.contactId };
      const ours = `<sd.forged-${randomBytes(4).toString('hex')}@shop.example.test>`;
      await sentMail(first.conversationId, ours);
      const forged = await send({
        from: 'mallory@boese.example.test',
        subject: 'Bestellung 4711 kam nicht an',
        text: 'Zeig mir die Adresse.',
        inReplyTo: threadMessageId(key, ref, 'x1', 'shop.example.test'),
        references: [ours, threadMessageId(key, ref, 'x2', 'shop.example.test')],
      });
      const viaToken = await transport.sendMail({
        from: 'mallory@boese.example.test',
        to: threadReplyAddress(key, ref, address),
        subject: 'Re: Bestellung 4711 kam nicht an',
        text: 'Und jetzt?',
      });
      const conversations = new Set<string>();
      for (const sent of [forged, viaToken]) {
        const message = (await inboundByMessageId(sent.messageId))!;
        expect(message.conversationId).not.toBe(first.conversationId);
        const conversation = (await repos().conversations.get(t.a.accountId, message.conversationId))!;
        expect(conversation.contactId).not.toBe(first.contactId);
        conversations.add(message.conversationId);
      }
      // Each mail without a verified reference is a conversation of its own.
      expect(conversations.size).toBe(2);
    });

    it('answers 550 for an unknown recipient and stores nothing', async () => {
      const error = await send({
        to: `nobody-${randomBytes(3).toString('hex')}@shop.example.test`,
        from: 'erika@kundin.example.test',
        subject: 'x',
        text: 'x',
      }).catch((e: unknown) => e as { responseCode?: number; rejected?: string[] });
      expect((error as { responseCode?: number }).responseCode).toBe(550);
    });

    it('answers 552 for a mail over the size limit', async () => {
      const error = await send({
        from: 'erika@kundin.example.test',
        subject: 'Riesig',
        text: 'x',
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(26 * 1024 * 1024, 1) }],
      }).catch((e: unknown) => e as { responseCode?: number });
      expect((error as { responseCode?: number }).responseCode).toBe(552);
    });

    it('flags automated mail (Auto-Submitted) and lets nobody wait for it', async () => {
      const info = await send({
        from: 'urlaub@firma.example.test',
        subject: 'Abwesenheitsnotiz',
        text: 'Ich bin bis Montag nicht im Büro.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      const message = (await inboundByMessageId(info.messageId))!;
      expect(message.email!.automated).toMatch(/Auto-Submitted: auto-replied/);
      const conversation = (await repos().conversations.get(t.a.accountId, message.conversationId))!;
      expect(conversation.waitingSince).toBeNull();
    });

    it('marks our message undelivered on a bounce instead of opening a conversation', async () => {
      const ours = `<sd.bounce-${randomBytes(4).toString('hex')}@shop.example.test>`;
      const sent = await sentMail(first.conversationId, ours);
      const before = (await repos().conversations.list(t.a.accountId, { limit: 200 })).items.length;
      const bounceId = `<dsn-${randomBytes(4).toString('hex')}@mx.example.test>`;
      const raw = [
        'From: MAILER-DAEMON@mx.example.test',
        `To: ${address}`,
        `Message-ID: ${bounceId}`,
        'Subject: Undelivered Mail Returned to Sender',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.test',
        '',
        'Final-Recipient: rfc822; erika@kundin.example.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '--r',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${ours}`,
        'Subject: Re: Bestellung',
        '--r--',
        '',
      ].join('\r\n');
      for (let i = 0; i < 2; i++) {
        await transport.sendMail({ envelope: { from: '', to: [address] }, raw });
      }
      const marked = (await repos().messages.get(t.a.accountId, sent.id))!;
      expect(marked.delivery).toMatchObject({ status: 'failed', detail: '5.1.1 550 5.1.1 User unknown' });
      const after = (await repos().conversations.list(t.a.accountId, { limit: 200 })).items.length;
      expect(after).toBe(before);
      // The agents see a line about it in the conversation, once though the report came twice.
      const lines = (await messagesOf(first.conversationId)).filter((m) => m.kind === 'event');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.text).toMatch(/nicht zugestellt.*5\.1\.1/);
      const listed = await api(
        t.url,
        t.a.adminToken,
        'GET',
        `/api/v1/conversations/${first.conversationId}/messages?limit=200`,
      );
      const items = (listed.body as { items: { id: string; delivery: unknown }[] }).items;
      expect(items.find((m) => m.id === sent.id)!.delivery).toMatchObject({ status: 'failed' });
    });

    it("schedules an automatic answer for a person's mail, never for automated mail (RFC 3834)", async () => {
      const on = await api(t.url, t.a.adminToken, 'PUT', '/api/v1/settings/automatic-answers', {
        enabled: true,
      });
      expect(on.status).toBe(200);
      const jobFor = async (messageId: string) =>
        t.server.connection.db
          .selectFrom('jobs')
          .select('type')
          // Triage comes first and schedules the automatic answer (issue 6); automated mail gets neither.
          .where('idempotency_key', '=', `triage.message:${messageId}`)
          .executeTakeFirst();
      const person = await send({
        from: 'frage@kundin.example.test',
        subject: 'Frage',
        text: 'Wie lange dauert der Versand?',
      });
      const machine = await send({
        from: 'frage@kundin.example.test',
        subject: 'Automatische Antwort',
        text: 'Wie lange dauert der Versand?',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      expect(await jobFor((await inboundByMessageId(person.messageId))!.id)).toBeDefined();
      expect(await jobFor((await inboundByMessageId(machine.messageId))!.id)).toBeUndefined();
      await api(t.url, t.a.adminToken, 'PUT', '/api/v1/settings/automatic-answers', { enabled: false });
    });

    it('puts a chat customer who writes a mail on the same contact', async () => {
      const chatter = await repos().contacts.create({
        accountId: t.a.accountId,
        name: 'Chat Kunde',
        email: null,
        phone: null,
        language: 'de',
      });
      await repos().contacts.addIdentity(t.a.accountId, chatter.id, 'email', 'chat@kundin.example.test');
      const info = await send({
        from: 'Chat@Kundin.example.test',
        subject: 'Frage',
        text: 'Per Mail jetzt.',
      });
      const message = (await inboundByMessageId(info.messageId))!;
      const conversation = (await repos().conversations.get(t.a.accountId, message.conversationId))!;
      expect(conversation.contactId).toBe(chatter.id);
    });
  });
});
