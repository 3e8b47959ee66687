/**
 * GDPR against a real server, on both databases: the export (complete, with file bytes inline,
 * without internal notes and other people's data), erasure as a durable job (everything of the
 * contact gone, others' data kept, a receipt without personal data, `contact.erased` to webhooks),
 * the audit log of access (who, what, which contact; filters and pages; admins only), and roles and
 * tenancy. On SQLite, the completeness check: a contact active on web chat, e-mail and the API, with
 * files and consents, is erased, and no file under DATA_DIR (database, WAL, blobs) holds any of it.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry, ContactExport } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, type CallResult } from './support/http.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const items = (page: CallResult) => (page.body as { items: AuditEntry[] }).items;

const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');
/** A file whose bytes are unique to this run, so a scan can tell them apart from anything else. */
const uniquePng = () => Buffer.concat([PNG_MAGIC, Buffer.from(`png-${randomBytes(12).toString('hex')}`)]);

async function startReceiver() {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('privacy (GDPR export, erasure, audit log)', (database) => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hookInboxId: string;
  let partnerToken: string;
  let sequence = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

  const as = (token: string, method: string, p: string, json?: unknown) =>
    call(t.url, p, { method, token, ...(json !== undefined && { json }) });

  async function inbound(contact: Record<string, string>, text: string, inboxId = hookInboxId) {
    const result = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${inboxId}/messages`, {
      externalId: unique('ext'),
      contact,
      text,
    });
    expect(result.status, result.text).toBe(201);
    return result.body as { messageId: string; conversationId: string; contactId: string };
  }

  async function reply(conversationId: string, text: string, extra: Record<string, unknown> = {}) {
    const result = await as(t.a.agentToken, 'POST', `/api/v1/conversations/${conversationId}/messages`, {
      text,
      ...extra,
    });
    expect(result.status, result.text).toBe(201);
    return result.body as { id: string };
  }

  async function agentUpload(conversationId: string, bytes: Buffer, filename: string) {
    const result = await call(
      t.url,
      `/api/v1/conversations/${conversationId}/attachments?filename=${filename}`,
      {
        token: t.a.agentToken,
        raw: bytes,
        contentType: 'application/octet-stream',
      },
    );
    expect(result.status, result.text).toBe(201);
    return result.body as { key: string; url: string };
  }

  const completed = (receiptId: string) =>
    eventually(
      () => as(t.a.adminToken, 'GET', `/api/v1/privacy/erasures/${receiptId}`),
      (r) => r.status === 200 && r.body.status === 'completed',
    );

  async function purpose(key: string) {
    const result = await as(t.a.adminToken, 'POST', '/api/v1/consent-purposes', {
      key,
      texts: {
        de: { title: 'Werbung', text: 'Wir schreiben Ihnen.' },
        en: { title: 'Ads', text: 'We write.' },
      },
    });
    expect(result.status, result.text).toBe(201);
  }

  async function consent(contactId: string, key: string, granted: boolean, how: string) {
    const result = await as(t.a.agentToken, 'PUT', `/api/v1/contacts/${contactId}/consents`, {
      purposeKey: key,
      granted,
      channel: 'phone',
      proof: { how },
    });
    expect(result.status, result.text).toBe(200);
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestServer(database, {
      SOFORTDESK_SMTP_PORT: '0',
      SOFORTDESK_WEBHOOK_PRIVATE_NETWORKS: 'on',
    });
    const hooked = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'App',
      channel: 'api',
      webhookUrl: receiver.url,
      agentIds: [t.a.agent.id],
    });
    expect(hooked.status, hooked.text).toBe(201);
    hookInboxId = hooked.body.id;
    const partner = await t.server.useCases.uow.repos.users.create({
      accountId: t.a.accountId,
      email: `privacy-partner-${Date.now()}@example.test`,
      name: 'Pia Partner',
      role: 'partner',
      language: 'de',
      passwordHash: null,
    });
    partnerToken = (
      await t.server.auth.createApiToken(
        { userId: partner.id, accountId: t.a.accountId, role: 'partner', inboxIds: [] },
        'privacy',
      )
    ).token;
    await purpose('marketing');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await database.drop();
  });

  it('exports everything of the contact, files inline, without notes, agents or other contacts', async () => {
    const ida = await inbound(
      {
        identifier: unique('ida'),
        name: 'Ida Exportova',
        email: `${unique('ida')}@kunde.example.test`,
        phone: '+49 30 1234567',
      },
      'Meine Frage zum Export',
    );
    const other = await inbound({ identifier: unique('otto'), name: 'Otto Anders' }, 'Ottos eigene Frage');
    const png = uniquePng();
    const file = await agentUpload(ida.conversationId, png, 'beleg.png');
    await reply(ida.conversationId, 'Antwort mit Beleg', { attachments: [file.key] });
    await reply(ida.conversationId, 'GEHEIM: interne Notiz', { kind: 'note' });
    await consent(ida.contactId, 'marketing', true, 'am Telefon zugestimmt');
    await consent(ida.contactId, 'marketing', false, 'per Brief widerrufen');

    const exported = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${ida.contactId}/export`);
    expect(exported.status, exported.text).toBe(200);
    const doc = exported.body as ContactExport;
    expect(doc).toMatchObject({
      format: 'sofortdesk.contact-export',
      attachments: 'inline-base64',
      contact: { id: ida.contactId, name: 'Ida Exportova', phone: '+49301234567' },
    });
    expect(doc.identities.map((i) => i.kind).sort()).toEqual(['api', 'email', 'phone']);
    expect(doc.consents.history.map((h) => [h.granted, h.how])).toEqual([
      [true, 'am Telefon zugestimmt'],
      [false, 'per Brief widerrufen'],
    ]);
    expect(doc.consents.current).toContainEqual(
      expect.objectContaining({ purposeKey: 'marketing', state: 'withdrawn' }),
    );
    const messages = doc.conversations.flatMap((c) => c.messages);
    expect(messages.map((m) => [m.direction, m.author, m.text])).toEqual([
      ['in', 'contact', 'Meine Frage zum Export'],
      ['out', 'agent', 'Antwort mit Beleg'],
    ]);
    const attachment = messages[1]?.attachments[0];
    expect(attachment).toMatchObject({ filename: 'beleg.png', contentType: 'image/png' });
    expect(Buffer.from(attachment?.base64 ?? '', 'base64').equals(png)).toBe(true);
    // Nothing of anyone else: no note, no other contact, no agent's name, e-mail or id.
    for (const foreign of [
      'GEHEIM',
      'Otto',
      other.contactId,
      t.a.agent.email,
      t.a.agent.name,
      t.a.agent.id,
    ]) {
      expect(exported.text, foreign).not.toContain(foreign);
    }

    // Agents may export for a customer; partners may not; another account's admin finds nothing.
    expect((await as(t.a.agentToken, 'POST', `/api/v1/contacts/${ida.contactId}/export`)).status).toBe(200);
    expect((await as(partnerToken, 'POST', `/api/v1/contacts/${ida.contactId}/export`)).status).toBe(403);
    const foreign = await as(t.b.adminToken, 'POST', `/api/v1/contacts/${ida.contactId}/export`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('Ida');
  });

  it('writes access to the audit log without the data; admins search it by contact and user, page by page', async () => {
    const kim = await inbound(
      { identifier: unique('kim'), name: 'Kim Geheimnis' },
      'Kims vertrauliche Frage',
    );
    expect((await as(t.a.agentToken, 'GET', `/api/v1/contacts/${kim.contactId}`)).status).toBe(200);
    expect((await as(t.a.agentToken, 'GET', `/api/v1/contacts/${kim.contactId}/timeline`)).status).toBe(200);
    expect((await as(t.a.adminToken, 'POST', `/api/v1/contacts/${kim.contactId}/export`)).status).toBe(200);

    const log = await as(t.a.adminToken, 'GET', `/api/v1/audit-log?contactId=${kim.contactId}`);
    expect(log.status, log.text).toBe(200);
    expect(items(log).map((e) => [e.action, e.userId])).toEqual([
      ['contact.exported', t.a.admin.id],
      ['contact.opened', t.a.agent.id],
      ['contact.opened', t.a.agent.id],
    ]);
    expect(log.text).not.toContain('Kim');
    const byAgent = await as(
      t.a.adminToken,
      'GET',
      `/api/v1/audit-log?contactId=${kim.contactId}&userId=${t.a.agent.id}`,
    );
    expect(byAgent.body.items).toHaveLength(2);

    const first = await as(t.a.adminToken, 'GET', `/api/v1/audit-log?contactId=${kim.contactId}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const rest = await as(
      t.a.adminToken,
      'GET',
      `/api/v1/audit-log?contactId=${kim.contactId}&limit=2&before=${first.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    expect([...items(first), ...items(rest)].map((e) => e.id)).toEqual(items(log).map((e) => e.id));

    // A moment as `before`: only what happened earlier.
    // The oldest entry's moment: exactly the entries older still (none of these, unless the clock ran on).
    const oldest = items(log).at(-1)!;
    const earlier = await as(
      t.a.adminToken,
      'GET',
      `/api/v1/audit-log?userId=${t.a.agent.id}&before=${oldest.createdAt}`,
    );
    expect(earlier.status, earlier.text).toBe(200);
    expect(items(earlier).length).toBeGreaterThan(0);
    expect(items(earlier).every((e) => e.createdAt < oldest.createdAt)).toBe(true);

    expect((await as(t.a.agentToken, 'GET', '/api/v1/audit-log')).status).toBe(403);
    expect((await as(t.a.adminToken, 'GET', '/api/v1/audit-log?before=nonsense')).status).toBe(422);
    // Another account's log holds nothing of this one.
    const other = await as(t.b.adminToken, 'GET', `/api/v1/audit-log?contactId=${kim.contactId}`);
    expect([other.status, other.body.items]).toEqual([200, []]);
  });

  it('erases the contact everywhere by a job, keeps others, leaves a receipt without personal data and tells webhooks', async () => {
    const name = 'Erna Loeschbar';
    const email = `${unique('erna')}@kunde.example.test`;
    const erna = await inbound({ identifier: unique('erna'), name, email }, 'Ernas Frage zur Loeschung');
    const keep = await inbound({ identifier: unique('karl'), name: 'Karl Bleibt' }, 'Karls Frage bleibt');
    const png = uniquePng();
    const file = await agentUpload(erna.conversationId, png, 'erna.png');
    await reply(erna.conversationId, 'Antwort an Erna', { attachments: [file.key] });
    await reply(erna.conversationId, 'Notiz zu Erna', { kind: 'note' });
    await consent(erna.contactId, 'marketing', true, 'Ernas Zustimmung');
    // A training pair quoting Erna's question, and one quoting Karl's.
    const collection = await as(t.a.adminToken, 'POST', '/api/v1/knowledge/collections', {
      name: unique('Hilfe'),
    });
    const article = await as(t.a.adminToken, 'POST', '/api/v1/knowledge/articles', {
      collectionId: collection.body.id,
      language: 'de',
      title: 'Loeschen',
      body: 'So geht es.',
    });
    expect(article.status, article.text).toBe(201);
    for (const question of ['Ernas Frage zur Loeschung', 'Karls Frage bleibt']) {
      await t.server.useCases.uow.repos.trainingPairs.add({
        accountId: t.a.accountId,
        articleId: article.body.id,
        question,
        source: 'resolved',
        label: 'positive',
      });
    }

    expect((await as(t.a.agentToken, 'POST', `/api/v1/contacts/${erna.contactId}/erasure`)).status).toBe(403);
    expect((await as(t.b.adminToken, 'POST', `/api/v1/contacts/${erna.contactId}/erasure`)).status).toBe(404);
    const requested = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${erna.contactId}/erasure`);
    expect(requested.status, requested.text).toBe(202);
    expect(requested.body.status).toBe('pending');
    const receipt = await completed(requested.body.id);
    expect(receipt.body.counts).toMatchObject({
      contacts: 1,
      conversations: 1,
      messages: 3,
      files: 1,
      trainingPairs: 1,
    });
    expect(receipt.body.counts.consentEntries).toBe(1);
    for (const pii of [name, email, 'Ernas', 'Antwort an Erna', erna.contactId]) {
      expect(receipt.text, pii).not.toContain(pii);
    }
    expect((await as(t.b.adminToken, 'GET', `/api/v1/privacy/erasures/${requested.body.id}`)).status).toBe(
      404,
    );
    expect((await as(t.a.agentToken, 'GET', `/api/v1/privacy/erasures/${requested.body.id}`)).status).toBe(
      403,
    );

    // Gone: the contact, its conversation, its file; the rows of every table.
    expect((await as(t.a.adminToken, 'GET', `/api/v1/contacts/${erna.contactId}`)).status).toBe(404);
    expect((await as(t.a.adminToken, 'GET', `/api/v1/conversations/${erna.conversationId}`)).status).toBe(
      404,
    );
    expect((await call(t.url, new URL(file.url).pathname)).status).toBe(404);
    const db = t.server.connection.db;
    const left = async (table: 'contact_identities' | 'consent_entries' | 'visitor_sessions') =>
      (await db.selectFrom(table).select('contact_id').where('contact_id', '=', erna.contactId).execute())
        .length;
    expect([
      await left('contact_identities'),
      await left('consent_entries'),
      await left('visitor_sessions'),
    ]).toEqual([0, 0, 0]);
    const texts = (
      await db.selectFrom('messages').select('text').where('account_id', '=', t.a.accountId).execute()
    ).map((m) => m.text);
    expect(texts.filter((text) => text.includes('Erna'))).toEqual([]);
    expect(texts).toContain('Karls Frage bleibt');
    const events = await db
      .selectFrom('events')
      .select('data')
      .where('account_id', '=', t.a.accountId)
      .execute();
    expect(events.filter((e) => e.data.includes('Erna'))).toEqual([]);
    const pairs = (
      await db
        .selectFrom('kb_training_pairs')
        .select('question')
        .where('account_id', '=', t.a.accountId)
        .execute()
    ).map((p) => p.question);
    expect(pairs).toContain('Karls Frage bleibt');
    expect(pairs).not.toContain('Ernas Frage zur Loeschung');
    // Others' data stays.
    expect((await as(t.a.adminToken, 'GET', `/api/v1/contacts/${keep.contactId}`)).status).toBe(200);

    // The webhook hears of it, with ids only.
    const notice = await eventually(
      () => Promise.resolve(receiver.bodies.find((body) => body.includes('contact.erased'))),
      (body) => body !== undefined,
    );
    expect(JSON.parse(notice!)).toEqual({
      type: 'contact.erased',
      contact: { id: erna.contactId },
      receiptId: requested.body.id,
    });
    expect(notice).not.toContain('Erna');

    // The request is in the audit log; a second request for the erased contact finds nothing.
    const log = await as(t.a.adminToken, 'GET', `/api/v1/audit-log?contactId=${erna.contactId}`);
    expect(items(log).map((e) => e.action)).toContain('contact.erasure-requested');
    expect((await as(t.a.adminToken, 'POST', `/api/v1/contacts/${erna.contactId}/erasure`)).status).toBe(404);
  });

  it('anonymises instead when the account chose so: conversations stay, with nothing personal in them', async () => {
    const defaults = {
      erasureMessages: 'delete',
      caseShareHours: 24,
      retentionMonths: null,
      retentionAction: 'delete',
    };
    expect((await as(t.a.adminToken, 'GET', '/api/v1/settings/privacy')).body).toEqual(defaults);
    expect(
      (await as(t.a.agentToken, 'PUT', '/api/v1/settings/privacy', { erasureMessages: 'anonymise' })).status,
    ).toBe(403);
    expect(
      (await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', { erasureMessages: 'shred' })).status,
    ).toBe(422);
    const chosen = await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', {
      erasureMessages: 'anonymise',
    });
    expect([chosen.status, chosen.body]).toEqual([200, { ...defaults, erasureMessages: 'anonymise' }]);
    // Another account keeps its own choice.
    expect((await as(t.b.adminToken, 'GET', '/api/v1/settings/privacy')).body).toEqual(defaults);
    try {
      const email = `${unique('anja')}@kunde.example.test`;
      const anja = await inbound({ identifier: unique('anja'), name: 'Anja Anonym', email }, 'Anjas Frage');
      const file = await agentUpload(anja.conversationId, uniquePng(), 'anja.png');
      await reply(anja.conversationId, 'Antwort an Anja', { attachments: [file.key] });
      await reply(anja.conversationId, 'Notiz zu Anja', { kind: 'note' });

      const requested = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${anja.contactId}/erasure`);
      expect(requested.status, requested.text).toBe(202);
      const receipt = await completed(requested.body.id);
      expect(receipt.body.counts).toMatchObject({ anonymisedContacts: 1, anonymisedMessages: 3, files: 1 });

      const contact = await as(t.a.adminToken, 'GET', `/api/v1/contacts/${anja.contactId}`);
      expect(contact.status).toBe(200);
      expect(contact.text).not.toContain('Anja');
      expect(contact.text).not.toContain(email);
      const conversation = await as(t.a.adminToken, 'GET', `/api/v1/conversations/${anja.conversationId}`);
      expect(conversation.status).toBe(200);
      const messages = await as(
        t.a.adminToken,
        'GET',
        `/api/v1/conversations/${anja.conversationId}/messages`,
      );
      const kept = (messages.body as { items: { text: string; attachments: unknown[] }[] }).items;
      expect(kept.filter((m) => m.text !== '' || m.attachments.length > 0)).toEqual([]);
      expect(messages.text).not.toContain('Anja');
      expect((await call(t.url, new URL(file.url).pathname)).status).toBe(404);
      const events = await t.server.connection.db
        .selectFrom('events')
        .select('data')
        .where('account_id', '=', t.a.accountId)
        .execute();
      expect(events.filter((e) => e.data.includes('Anja'))).toEqual([]);
    } finally {
      await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', { erasureMessages: 'delete' });
    }
  });

  it.runIf(database.config.kind === 'sqlite')(
    'leaves nothing of a contact active on web chat, e-mail and the API in any file under DATA_DIR',
    async () => {
      const marker = randomBytes(6).toString('hex');
      const name = `Zacharias Quax${marker}`;
      const email = `zq${marker}@kunde.example.test`;
      const phone = '+49 170 5550123';
      const texts = {
        api: `API-Frage ${marker} zum Vertrag`,
        chat: `Chat-Frage ${marker} zur Lieferung`,
        mail: `Mail-Frage ${marker} zur Rechnung`,
        reply: `Agenten-Antwort ${marker} an Zacharias`,
        subject: `Betreff ${marker}`,
      };
      const chatPng = uniquePng();
      const agentPng = uniquePng();
      const sharedPng = uniquePng();
      const mailPdf = Buffer.from(`%PDF-1.4\n% pdf-${randomBytes(12).toString('hex')}\n%%EOF\n`);

      // API
      const api = await inbound({ identifier: `zq-${marker}`, name, email, phone }, texts.api);
      // E-mail: the same address finds the same contact.
      // The inbox's own address is the company's, not the contact's: no marker in it.
      const address = `privacy-${randomBytes(4).toString('hex')}@shop.example.test`;
      const mailInbox = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', {
        name: 'Mail',
        channel: 'email',
        address,
        agentIds: [t.a.agent.id],
      });
      expect(mailInbox.status, mailInbox.text).toBe(201);
      const transport = createTransport({
        host: '127.0.0.1',
        port: t.server.smtpPort!,
        secure: false,
        ignoreTLS: true,
      });
      try {
        await transport.sendMail({
          from: `${name} <${email}>`,
          to: address,
          subject: texts.subject,
          text: texts.mail,
          attachments: [{ filename: 'rechnung.pdf', content: mailPdf, contentType: 'application/pdf' }],
        });
      } finally {
        transport.close();
      }
      // Web chat: an anonymous visitor with a file, merged into the contact by an agent.
      const chatInbox = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', {
        name: 'Website',
        channel: 'webchat',
        agentIds: [t.a.agent.id],
        allowedOrigins: ['https://shop.example'],
      });
      expect(chatInbox.status, chatInbox.text).toBe(201);
      const widget = (p: string, options: Parameters<typeof call>[2]) =>
        call(t.url, `/api/v1/widget/${chatInbox.body.id}${p}`, options);
      const session = await widget('/sessions', { json: { name } });
      expect(session.status, session.text).toBe(201);
      const upload = await widget('/attachments?filename=foto.png', {
        token: session.body.token,
        raw: chatPng,
        contentType: 'application/octet-stream',
      });
      expect(upload.status, upload.text).toBe(201);
      const chat = await widget('/messages', {
        token: session.body.token,
        json: { id: `c-${marker}`, text: texts.chat, attachments: [upload.body.key] },
      });
      expect(chat.status, chat.text).toBe(201);
      // Per-case shares in the chat: a photo (a file of its own) and an order number, both still active.
      const photo = await widget('/attachments?filename=schaden.png', {
        token: session.body.token,
        raw: sharedPng,
        contentType: 'application/octet-stream',
      });
      expect(photo.status, photo.text).toBe(201);
      for (const item of [
        { kind: 'photo', attachmentKey: photo.body.key },
        { kind: 'order-number', number: `ORD-${marker}` },
        { kind: 'location', latitude: 48.137154, longitude: 11.576124, accuracy: 5 },
      ]) {
        const shared = await widget(`/conversations/${chat.body.conversationId}/shares`, {
          token: session.body.token,
          json: item,
        });
        expect(shared.status, shared.text).toBe(201);
      }
      const chatConversation = await as(
        t.a.adminToken,
        'GET',
        `/api/v1/conversations/${chat.body.conversationId}`,
      );
      const merged = await as(t.a.agentToken, 'POST', `/api/v1/contacts/${api.contactId}/merge`, {
        sourceContactId: chatConversation.body.contactId,
      });
      expect(merged.status, merged.text).toBe(200);
      const file = await agentUpload(api.conversationId, agentPng, 'antwort.png');
      await reply(api.conversationId, texts.reply, { attachments: [file.key] });
      await consent(api.contactId, 'marketing', true, `Zustimmung ${marker}`);

      const timeline = await as(
        t.a.adminToken,
        'GET',
        `/api/v1/contacts/${api.contactId}/timeline?limit=200`,
      );
      const seen = timeline.text;
      for (const text of [texts.api, texts.chat, texts.mail, texts.reply]) expect(seen, text).toContain(text);

      const dataDir = path.dirname((database.config as { file: string }).file);
      const needles: [string, Buffer][] = [
        ['name', Buffer.from(name)],
        ['marker', Buffer.from(marker)],
        ['email', Buffer.from(email)],
        ['phone', Buffer.from(phone.replace(/ /g, ''))],
        ['chat png', chatPng.subarray(8)],
        ['agent png', agentPng.subarray(8)],
        ['shared photo', sharedPng.subarray(8)],
        ['shared location', Buffer.from('48.137154')],
        ['mail pdf', mailPdf.subarray(12, 40)],
        ['mail pdf (base64 in the raw mail)', Buffer.from(mailPdf.toString('base64').slice(0, 24))],
      ];
      /** Every needle found in any file under DATA_DIR, as "what in which file". */
      const scan = () => {
        const files: string[] = [];
        const walk = (dir: string) => {
          for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile()) files.push(full);
          }
        };
        walk(dataDir);
        expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
        const hits: string[] = [];
        for (const file of files) {
          const bytes = fs.readFileSync(file);
          for (const [what, needle] of needles) {
            if (bytes.includes(needle)) hits.push(`${what} in ${path.relative(dataDir, file)}`);
          }
        }
        return hits;
      };
      // The scan sees each of them before the erasure (so its silence afterwards means something).
      const before = scan();
      for (const [what] of needles)
        expect(
          before.some((hit) => hit.startsWith(`${what} in`)),
          what,
        ).toBe(true);

      const requested = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${api.contactId}/erasure`);
      expect(requested.status, requested.text).toBe(202);
      await completed(requested.body.id);
      // Writes after the erasure (audit, receipt) must not bring anything back either.
      expect((await as(t.a.adminToken, 'GET', '/api/v1/audit-log')).status).toBe(200);

      const found = scan();
      if (found.length > 0) {
        // Say where, to make a failure quick to mend.
        const tables = await t.server.connection.db
          .selectFrom('sqlite_master' as never)
          .select('name' as never)
          .where('type' as never, '=', 'table' as never)
          .execute();
        for (const { name: table } of tables as { name: string }[]) {
          const rows = await sql`select * from ${sql.table(table)}`.execute(t.server.connection.db);
          const hits = rows.rows.filter((row) => JSON.stringify(row).includes(marker));
          if (hits.length) found.push(`${table}: ${JSON.stringify(hits).slice(0, 400)}`);
        }
      }
      expect(found).toEqual([]);
    },
    60_000,
  );
});
