/**
 * The e-mail channel, outbound, against real protocol peers on loopback: agents' replies leave through
 * the job queue to a recording SMTP sink (smtp-server, standing in for the relay), and customers answer
 * with nodemailer to our SMTP listener. On SQLite and PostgreSQL.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createTransport, type Mail } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoReplyLimiter, mailThreadSigner, MailSender, SecretBox } from '@sofortdesk/channels';
import {
  emailExternalId,
  planOutboundMail,
  PermanentJobError,
  type Conversation,
  type Message,
} from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';
import { startSmtpSink, type SmtpSink, type SunkMail } from './support/smtp-sink.ts';

const SECRET_KEY = randomBytes(32);

describeEachDatabase('outbound e-mail through the relay', (database) => {
  let t: TestServer;
  let sink: SmtpSink;
  let customers: Mail;
  let inbox: { id: string; email: { address: string } };
  const address = `hilfe-${randomBytes(4).toString('hex')}@shop.example.test`;
  const secrets = new SecretBox(SECRET_KEY);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestServer(database, {
      SOFORTDESK_SMTP_PORT: '0',
      SOFORTDESK_SECRET_KEY: SECRET_KEY.toString('base64'),
      SOFORTDESK_SMTP_RELAY: sink.url,
    });
    customers = createTransport({
      host: '127.0.0.1',
      port: t.server.smtpPort!,
      secure: false,
      ignoreTLS: true,
    });
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Kundenservice',
      channel: 'email',
      address,
      language: 'de',
      senderName: 'Shop "Kundenservice"',
      signature: { de: 'Viele Grüße\nIhr Shop-Team', en: 'Kind regards\nYour shop team' },
    });
    expect(created.status).toBe(201);
    inbox = created.body;
  });
  afterAll(async () => {
    customers?.close();
    await t?.close();
    await sink?.close();
    await database.drop();
  });

  const repos = () => t.server.useCases.uow.repos;
  const messagesOf = async (conversationId: string): Promise<Message[]> =>
    (await repos().messages.listForConversation(t.a.accountId, conversationId, { limit: 100 })).items;
  const until = async <T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> => {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const mailsWithId = (messageId: string) => sink.mails.filter((mail) => mail.parsed.messageId === messageId);

  /** A customer writes to the inbox; the conversation their mail opened or joined. */
  async function customerWrites(from: string, subject: string, text: string, extra: object = {}) {
    const messageId = `<${randomBytes(8).toString('hex')}@kunde.example.test>`;
    await customers.sendMail({ from, to: address, subject, text, messageId, ...extra });
    const stored = await repos().messages.findByExternalId(
      t.a.accountId,
      inbox.id,
      emailExternalId('in', messageId),
    );
    expect(stored).toBeDefined();
    return { messageId, conversationId: stored!.conversationId, stored: stored! };
  }

  async function agentReplies(conversationId: string, body: object) {
    const response = await api(
      t.url,
      t.a.adminToken,
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      body,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (await repos().messages.get(t.a.accountId, response.body.id))!;
  }

  let thread: { conversationId: string; customerMessageId: string; reply: Message; mail: SunkMail };

  it('sends an agent reply with our Message-ID, In-Reply-To, Re: subject, sender name, signature, text and HTML', async () => {
    const customer = await customerWrites(
      'Maria Muster <maria@kunde.example.test>',
      'AW: Lieferung verspätet',
      'Wo bleibt meine Bestellung?',
    );
    const reply = await agentReplies(customer.conversationId, {
      text: 'Hallo Frau Muster,\n\n**Ihre Bestellung** ist unterwegs: <script>alert(1)</script> [Sendung](https://track.example.test/42)',
    });
    // Fixed when the reply was created, stored beside it, and findable the way threading looks.
    expect(reply.email?.messageId).toMatch(/^<sd\..+@shop\.example\.test>$/);
    expect(reply.externalId).toBe(emailExternalId('out', reply.email!.messageId));
    expect(reply.email?.to).toBe('maria@kunde.example.test');

    const [mail] = await until(() => {
      const found = mailsWithId(reply.email!.messageId);
      return found.length > 0 ? found : undefined;
    });
    const parsed = mail!.parsed;
    expect(parsed.inReplyTo).toBe(customer.messageId);
    expect(parsed.references).toContain(customer.messageId);
    expect(parsed.subject).toBe('Re: Lieferung verspätet');
    expect(parsed.from?.value[0]).toEqual({ name: 'Shop "Kundenservice"', address: reply.email!.from });
    expect(reply.email!.from).toMatch(
      new RegExp(`^${address.split('@')[0]}\\+c-[a-z2-7]+@shop\\.example\\.test$`),
    );
    expect(mail!.envelope.rcptTo).toEqual(['maria@kunde.example.test']);
    expect(parsed.text).toContain('**Ihre Bestellung** ist unterwegs');
    expect(parsed.text).toContain('-- \nViele Grüße\nIhr Shop-Team');
    expect(parsed.text).toContain('Antworten Sie einfach auf diese E-Mail.');
    const html = String(parsed.html);
    expect(html).toContain('<strong>Ihre Bestellung</strong>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://track.example.test/42">Sendung</a>');
    expect(html).toContain('Viele Grüße<br>');
    expect(parsed.headers.get('auto-submitted')).toBeUndefined();
    thread = {
      conversationId: customer.conversationId,
      customerMessageId: customer.messageId,
      reply,
      mail: mail!,
    };
  });

  it("lets no CR/LF from a customer's subject or name into the headers of our reply", async () => {
    const customer = await customerWrites(
      { name: 'Eve\r\nBcc: spy@evil.example.test', address: 'eve@kunde.example.test' } as never,
      'Frage\r\nBcc: spy@evil.example.test\r\nX-Injected: 1',
      'Hallo',
    );
    const reply = await agentReplies(customer.conversationId, { text: 'Gern.' });
    const [mail] = await until(() => {
      const found = mailsWithId(reply.email!.messageId);
      return found.length > 0 ? found : undefined;
    });
    expect(mail!.envelope.rcptTo).toEqual(['eve@kunde.example.test']);
    expect(mail!.parsed.headers.has('bcc')).toBe(false);
    expect(mail!.parsed.headers.has('x-injected')).toBe(false);
    const head = mail!.raw.split('\r\n\r\n')[0]!;
    expect(head).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(mail!.parsed.subject).toMatch(/^Re: Frage/);
  });

  it('sends the same Message-ID again when the job runs twice (a crash after sending)', async () => {
    const sender = new MailSender(t.server.useCases, { relay: sink.url });
    try {
      await sender.send(t.a.accountId, { messageId: thread.reply.id });
      await sender.send(t.a.accountId, { messageId: thread.reply.id });
    } finally {
      sender.close();
    }
    const copies = mailsWithId(thread.reply.email!.messageId);
    expect(copies.length).toBe(3);
    expect(new Set(copies.map((copy) => copy.parsed.subject))).toEqual(new Set(['Re: Lieferung verspätet']));
    expect(new Set(copies.map((copy) => copy.parsed.text))).toEqual(new Set([thread.mail.parsed.text]));
  });

  it("threads the customer's answer to our mail into the same conversation", async () => {
    const answerId = `<${randomBytes(8).toString('hex')}@kunde.example.test>`;
    await customers.sendMail({
      from: 'Maria Muster <maria@kunde.example.test>',
      to: thread.reply.email!.from!,
      subject: 'Re: Lieferung verspätet',
      text: 'Danke, angekommen!',
      messageId: answerId,
      inReplyTo: thread.reply.email!.messageId,
      references: [thread.customerMessageId, thread.reply.email!.messageId],
    });
    const stored = await repos().messages.findByExternalId(
      t.a.accountId,
      inbox.id,
      emailExternalId('in', answerId),
    );
    expect(stored?.conversationId).toBe(thread.conversationId);
    expect(stored?.text).toBe('Danke, angekommen!');
  });

  it("marks a reply undelivered with the relay's answer when the relay refuses it for good (550)", async () => {
    const customer = await customerWrites('reject-me@kunde.example.test', 'Frage', 'Haben Sie geöffnet?');
    const reply = await agentReplies(customer.conversationId, { text: 'Ja, bis 18 Uhr.' });
    const failed = await until(async () => {
      const message = await repos().messages.get(t.a.accountId, reply.id);
      return message?.delivery ? message : undefined;
    });
    expect(failed.delivery?.status).toBe('failed');
    expect(failed.delivery?.detail).toMatch(/550/);
    expect(failed.delivery?.detail).toContain('mailbox unknown');
    const line = (await messagesOf(customer.conversationId)).find((m) => m.kind === 'event');
    expect(line?.text).toMatch(/^Die E-Mail konnte nicht zugestellt werden: .*550/);
    // And the API shows it to agents.
    const listed = await api(
      t.url,
      t.a.adminToken,
      'GET',
      `/api/v1/conversations/${customer.conversationId}/messages`,
    );
    const items = (listed.body as { items: { id: string; delivery: unknown }[] }).items;
    const shown = items.find((m) => m.id === reply.id);
    expect(shown?.delivery).toMatchObject({ status: 'failed' });
  });

  it('fails for good, with the reason on the message, when no relay is configured', async () => {
    const customer = await customerWrites(
      'ohne-relay@kunde.example.test',
      'Rechnung',
      'Bitte Rechnung senden.',
    );
    // Written by the use case directly, so the running server's worker (which has a relay) takes no part.
    const reply = await t.server.useCases.uow.transaction(async (tx) => {
      const conversation = (await tx.conversations.get(t.a.accountId, customer.conversationId))!;
      const mail = (await planOutboundMail(tx, { secrets, mailThreads: mailThreadSigner }, conversation, {
        auto: false,
      }))!;
      return tx.messages.create({
        accountId: t.a.accountId,
        inboxId: mail.inboxId,
        conversationId: conversation.id,
        direction: 'out',
        kind: 'text',
        authorType: 'user',
        authorId: t.a.admin.id,
        text: 'Anbei.',
        externalId: mail.externalId,
        attachments: [],
        email: mail.email,
        at: new Date().toISOString(),
      });
    });
    const sender = new MailSender(t.server.useCases, { relay: undefined });
    await expect(sender.send(t.a.accountId, { messageId: reply.id })).rejects.toThrow(PermanentJobError);
    const message = await repos().messages.get(t.a.accountId, reply.id);
    expect(message?.delivery).toMatchObject({ status: 'failed', detail: 'no SMTP relay configured' });
    expect(mailsWithId(reply.email!.messageId)).toEqual([]);
  });

  /** A bot answer on the conversation as runAutoAnswer writes it (planOutboundMail with auto). */
  async function botAnswer(conversation: Conversation, text: string): Promise<Message> {
    return t.server.useCases.uow.transaction(async (tx) => {
      const mail = (await planOutboundMail(tx, { secrets, mailThreads: mailThreadSigner }, conversation, {
        auto: true,
      }))!;
      return tx.messages.create({
        accountId: t.a.accountId,
        inboxId: mail.inboxId,
        conversationId: conversation.id,
        direction: 'out',
        kind: 'text',
        authorType: 'bot',
        authorId: null,
        text,
        externalId: mail.externalId,
        attachments: [],
        email: mail.email,
        at: new Date().toISOString(),
      });
    });
  }

  it('marks automatic answers Auto-Submitted: auto-replied, at most one per sender and hour', async () => {
    const customer = await customerWrites(
      'auto@kunde.example.test',
      'Öffnungszeiten',
      'Wann haben Sie offen?',
    );
    const conversation = (await repos().conversations.get(t.a.accountId, customer.conversationId))!;
    const sender = new MailSender(t.server.useCases, {
      relay: sink.url,
      autoReplies: new AutoReplyLimiter(),
    });
    try {
      const first = await botAnswer(conversation, 'Montag bis Freitag, 9 bis 18 Uhr.');
      await sender.send(t.a.accountId, { messageId: first.id });
      // A retry of that answer is no second reply: it goes out again with its Message-ID.
      await sender.send(t.a.accountId, { messageId: first.id });
      const [mail] = mailsWithId(first.email!.messageId);
      expect(mail?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      expect(mail?.parsed.text).toContain('Dies ist eine automatische Antwort.');
      expect(mailsWithId(first.email!.messageId).length).toBe(2);

      const second = await botAnswer(conversation, 'Samstags bis 14 Uhr.');
      await sender.send(t.a.accountId, { messageId: second.id });
      expect(mailsWithId(second.email!.messageId)).toEqual([]);
      const suppressed = await repos().messages.get(t.a.accountId, second.id);
      expect(suppressed?.delivery?.detail).toMatch(/one per sender and hour/);
    } finally {
      sender.close();
    }
  });

  it('signs with DKIM when a key is configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const customer = await customerWrites('dkim@kunde.example.test', 'Signiert?', 'Test');
    const conversation = (await repos().conversations.get(t.a.accountId, customer.conversationId))!;
    const answer = await botAnswer(conversation, 'Ja.');
    const sender = new MailSender(t.server.useCases, {
      relay: sink.url,
      dkim: {
        domainName: 'shop.example.test',
        keySelector: 'sd2026',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    try {
      await sender.send(t.a.accountId, { messageId: answer.id });
    } finally {
      sender.close();
    }
    const [mail] = mailsWithId(answer.email!.messageId);
    expect(mail?.raw).toMatch(/^DKIM-Signature: .*d=shop\.example\.test/m);
    expect(mail?.raw).toMatch(/s=sd2026/);
  });

  it("sends the knowledge base's automatic answer to a mailed question as mail, Auto-Submitted", async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      api(t.url, t.a.adminToken, method, path, body);
    expect(
      (await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: true, precisionTarget: 0.95 }))
        .status,
    ).toBe(200);
    const collection = await admin('POST', '/api/v1/knowledge/collections', { name: 'Konto' });
    for (const [title, body, alternatives] of [
      [
        'Wie ändere ich mein Passwort?',
        'Öffnen Sie **Einstellungen → Sicherheit** und wählen Sie „Passwort ändern“.',
        ['Passwort vergessen', 'Kennwort zurücksetzen'],
      ],
      ['Wie storniere ich meine Buchung?', 'Unter **Meine Buchungen → Stornieren**.', ['Buchung absagen']],
      [
        'Wo finde ich meine Rechnung?',
        'Im Kundenkonto unter **Dokumente** als PDF.',
        ['Rechnung herunterladen'],
      ],
    ] as const) {
      const article = await admin('POST', '/api/v1/knowledge/articles', {
        collectionId: collection.body.id,
        language: 'de',
        title,
        body,
        alternativeQuestions: alternatives,
        tags: [],
        visibility: 'public',
      });
      expect(article.status).toBe(201);
    }
    try {
      const customer = await customerWrites(
        'passwort@kunde.example.test',
        'Passwort',
        'Wie kann ich mein Passwort ändern?',
      );
      const answer = await until(async () =>
        (await messagesOf(customer.conversationId)).find((m) => m.authorType === 'bot' && m.email),
      );
      const [mail] = await until(() => {
        const found = mailsWithId(answer.email!.messageId);
        return found.length > 0 ? found : undefined;
      });
      expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      expect(mail!.parsed.inReplyTo).toBe(customer.messageId);
      expect(mail!.parsed.subject).toBe('Re: Passwort');
      expect(String(mail!.parsed.html)).toContain('<strong>Einstellungen → Sicherheit</strong>');
      expect(mail!.parsed.text).toContain('Dies ist eine automatische Antwort.');
    } finally {
      await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: false, precisionTarget: 0.95 });
    }
  });

  describe('channel switch: a web chat reply by e-mail', () => {
    let webchatConversation: Conversation;
    let contactId: string;

    beforeAll(async () => {
      const uow = t.server.useCases.uow;
      ({ webchatConversation, contactId } = await uow.transaction(async (tx) => {
        const webchat = await tx.inboxes.create({
          accountId: t.a.accountId,
          name: 'Website',
          channel: 'webchat',
          language: 'de',
          webhookUrl: null,
          webhookSecret: null,
        });
        const contact = await tx.contacts.create({
          accountId: t.a.accountId,
          name: 'Vera Besucherin',
          email: null,
          phone: null,
          language: 'de',
        });
        await tx.contacts.addIdentity(t.a.accountId, contact.id, 'email', 'vera@kunde.example.test');
        const conversation = await tx.conversations.create({
          accountId: t.a.accountId,
          inboxId: webchat.id,
          contactId: contact.id,
          language: 'de',
          at: new Date().toISOString(),
        });
        return { webchatConversation: conversation, contactId: contact.id };
      }));
    });

    it('sends the reply to the contact from the e-mail inbox, and the answer lands in the web chat conversation', async () => {
      const reply = await agentReplies(webchatConversation.id, {
        text: 'Sie waren schon weg: hier die Antwort per E-Mail.',
        via: 'email',
      });
      expect(reply.conversationId).toBe(webchatConversation.id);
      const [mail] = await until(() => {
        const found = mailsWithId(reply.email!.messageId);
        return found.length > 0 ? found : undefined;
      });
      expect(mail!.envelope.rcptTo).toEqual(['vera@kunde.example.test']);
      expect(mail!.parsed.subject).toBe('Ihre Anfrage bei Shop "Kundenservice"');
      expect(mail!.parsed.text).toContain('hier die Antwort per E-Mail');

      const answerId = `<${randomBytes(8).toString('hex')}@kunde.example.test>`;
      await customers.sendMail({
        from: 'vera@kunde.example.test',
        to: reply.email!.from!,
        subject: `Re: ${mail!.parsed.subject}`,
        text: 'Danke, das hilft mir.',
        messageId: answerId,
        inReplyTo: reply.email!.messageId,
      });
      const stored = await repos().messages.findByExternalId(
        t.a.accountId,
        inbox.id,
        emailExternalId('in', answerId),
      );
      expect(stored?.conversationId).toBe(webchatConversation.id);
      expect(stored?.authorId).toBe(contactId);
      const texts = (await messagesOf(webchatConversation.id)).map((m) => m.text);
      expect(texts).toContain('Danke, das hilft mir.');
    });

    it('refuses the switch for a note or a contact without an e-mail address (422)', async () => {
      const note = await api(
        t.url,
        t.a.adminToken,
        'POST',
        `/api/v1/conversations/${webchatConversation.id}/messages`,
        {
          text: 'intern',
          kind: 'note',
          via: 'email',
        },
      );
      expect(note.status).toBe(422);
      const anonymous = await t.server.useCases.uow.transaction(async (tx) => {
        const contact = await tx.contacts.create({
          accountId: t.a.accountId,
          name: null,
          email: null,
          phone: null,
          language: 'de',
        });
        return tx.conversations.create({
          accountId: t.a.accountId,
          inboxId: webchatConversation.inboxId,
          contactId: contact.id,
          language: 'de',
          at: new Date().toISOString(),
        });
      });
      const response = await api(
        t.url,
        t.a.adminToken,
        'POST',
        `/api/v1/conversations/${anonymous.id}/messages`,
        {
          text: 'Hallo?',
          via: 'email',
        },
      );
      expect(response.status).toBe(422);
      expect(JSON.stringify(response.body)).toContain('no e-mail address');
      // Another account's inbox, an inbox of another channel, or no inbox at all: not an e-mail inbox here.
      const other = await api(t.url, t.b.adminToken, 'POST', '/api/v1/inboxes', {
        name: 'Fremd',
        channel: 'email',
        address: `fremd-${randomBytes(4).toString('hex')}@shop.example.test`,
      });
      for (const emailInboxId of [other.body.id as string, t.a.inbox.id, 'nicht-da', "x' OR 1=1 --"]) {
        const refused = await api(
          t.url,
          t.a.adminToken,
          'POST',
          `/api/v1/conversations/${webchatConversation.id}/messages`,
          { text: 'Hallo?', via: 'email', emailInboxId },
        );
        expect(refused.status, emailInboxId).toBe(422);
      }
    });
  });
});
