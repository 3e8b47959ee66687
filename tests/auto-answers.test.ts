/**
 * Automatic answers and agents' suggestions against a real server, on both databases: a question
 * matching a public article is answered by the bot citing it; a complaint is labelled and left to a
 * person; "nein" hands over with an internal note; an account with automatic answers off gets no
 * job; the suggestions endpoint and its feedback; the admin settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from './support/http.ts';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Msg {
  id: string;
  direction: 'in' | 'out';
  kind: 'text' | 'note' | 'event';
  authorType: string;
  text: string;
}

describeEachDatabase('automatic answers', (database) => {
  let t: TestServer;
  let articleId: string;
  let internalArticleId: string;
  let sequence = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.agentToken, method, path, body);

  /** A customer's message on tenant A's API inbox (or B's with `tenant`). */
  async function inbound(text: string, customer: string, tenant: 'a' | 'b' = 'a') {
    const fixture = tenant === 'a' ? t.a : t.b;
    const response = await api(
      t.url,
      fixture.adminToken,
      'POST',
      `/api/v1/inboxes/${fixture.inbox.id}/messages`,
      {
        externalId: `auto-${++sequence}`,
        contact: { identifier: customer },
        text,
      },
    );
    expect(response.status).toBe(201);
    return response.body as { messageId: string; conversationId: string };
  }

  const messagesOf = async (conversationId: string) =>
    (await admin('GET', `/api/v1/conversations/${conversationId}/messages?limit=100`)).body.items as Msg[];

  /** The job runs after the commit: wait for what it writes. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the worker has no auto-answer job left for the account. */
  async function jobsSettled(accountId: string) {
    await eventually(
      () =>
        t.server.connection.db
          .selectFrom('jobs')
          .select(['status'])
          .where('account_id', '=', accountId)
          // Triage runs first and enqueues the automatic answer in its own transaction.
          .where('type', 'in', ['triage.message', 'knowledge.auto-answer'])
          .execute(),
      (rows) => rows.every((row) => row.status !== 'pending' && row.status !== 'running'),
    );
  }

  beforeAll(async () => {
    // The webhook test's receiver runs on loopback, which webhooks may reach only when allowed.
    t = await startTestServer(database, { SOFORTDESK_WEBHOOK_PRIVATE_NETWORKS: 'on' });
    const enabled = await admin('PUT', '/api/v1/settings/automatic-answers', {
      enabled: true,
      precisionTarget: 0.95,
    });
    expect(enabled.status).toBe(200);
    const collection = await admin('POST', '/api/v1/knowledge/collections', { name: 'Konto' });
    expect(collection.status).toBe(201);
    const write = async (
      title: string,
      body: string,
      alternativeQuestions: string[],
      visibility = 'public',
    ) => {
      const response = await agent('POST', '/api/v1/knowledge/articles', {
        collectionId: collection.body.id,
        language: 'de',
        title,
        body,
        alternativeQuestions,
        tags: [],
        visibility,
      });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    articleId = await write(
      'Wie ändere ich mein Passwort?',
      'Öffnen Sie **Einstellungen → Sicherheit** und wählen Sie „Passwort ändern“.\n\nSie bekommen danach eine E-Mail zur Bestätigung.',
      ['Passwort vergessen', 'Kennwort zurücksetzen'],
    );
    await write(
      'Wie storniere ich meine Buchung?',
      'Unter **Meine Buchungen → Stornieren**. Bis 48 Stunden vorher ist es kostenlos.',
      ['Buchung absagen'],
    );
    await write('Wo finde ich meine Rechnung?', 'Im Kundenkonto unter **Dokumente** als PDF.', [
      'Rechnung herunterladen',
    ]);
    internalArticleId = await write(
      'Passwort-Reset für Kunden ohne Zugriff auf ihre E-Mail',
      'Identität per Rückruf prüfen, dann im Backoffice das Passwort zurücksetzen.',
      ['Kunde kommt nicht an seine E-Mail'],
      'internal',
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('answers a question that matches a public article, citing it and asking whether it helped', async () => {
    const { conversationId } = await inbound('Wie kann ich mein Passwort ändern?', 'kundin-1');
    const messages = await eventually(
      () => messagesOf(conversationId),
      (list) => list.some((m) => m.authorType === 'bot'),
    );
    const answer = messages.find((m) => m.authorType === 'bot')!;
    expect(answer).toMatchObject({ direction: 'out', kind: 'text' });
    expect(answer.text).toContain('Einstellungen → Sicherheit');
    expect(answer.text).toContain(`/help/${t.a.accountId}/de/articles/${articleId}`);
    expect(answer.text).toContain('Hat Ihnen das geholfen? (Ja/Nein)');
    // The timeline says which article and how sure, for the agents only.
    const line = messages.find((m) => m.kind === 'event')!;
    expect(line.text).toMatch(
      /Automatisch beantwortet aus Artikel „Wie ändere ich mein Passwort\?“ \(p=0\.\d\d\)/,
    );
    const record = await t.server.useCases.uow.repos.autoAnswers.latestForConversation(
      t.a.accountId,
      conversationId,
    );
    expect(record).toMatchObject({ articleId, outcome: 'pending', answerMessageId: answer.id });
    expect(record!.probability).toBeGreaterThan(0.5);
    // The bot answered: nobody waits any more.
    expect((await admin('GET', `/api/v1/conversations/${conversationId}`)).body.waitingSince).toBeNull();

    // "ja" is recorded as helpful: a positive training pair and a vote.
    await inbound('Ja, danke!', 'kundin-1');
    await eventually(
      () => t.server.useCases.uow.repos.autoAnswers.latestForConversation(t.a.accountId, conversationId),
      (r) => r?.outcome === 'helpful',
    );
    const pairs = await t.server.useCases.uow.repos.trainingPairs.list(t.a.accountId, {
      source: 'auto-answer',
    });
    expect(pairs).toContainEqual(
      expect.objectContaining({
        articleId,
        question: 'Wie kann ich mein Passwort ändern?',
        label: 'positive',
      }),
    );
    expect(
      await t.server.useCases.uow.repos.knowledge.feedbackCounts(t.a.accountId, articleId),
    ).toMatchObject({
      helpful: 1,
    });
  }, 30_000);

  it('"nein" after an automatic answer hands over with an internal note for the agents', async () => {
    const { conversationId } = await inbound(
      'Passwort vergessen, wie setze ich das Kennwort zurück?',
      'kunde-2',
    );
    await eventually(
      () => messagesOf(conversationId),
      (list) => list.some((m) => m.authorType === 'bot'),
    );
    await inbound('Nein, hat nicht geholfen', 'kunde-2');
    const messages = await eventually(
      () => messagesOf(conversationId),
      (list) => list.some((m) => m.kind === 'note'),
    );
    const note = messages.find((m) => m.kind === 'note')!;
    expect(note.text).toContain('Die automatische Antwort hat nicht geholfen');
    expect(note.text).toContain('Passwort vergessen, wie setze ich das Kennwort zurück?');
    expect(note.text).toContain('Wie ändere ich mein Passwort?');
    expect(note.text).toMatch(/p=0\.\d\d/);
    expect(note.text).toContain('Nein, hat nicht geholfen');
    // Only one bot answer: "nein" is not answered again.
    expect(messages.filter((m) => m.authorType === 'bot')).toHaveLength(1);
    const conversation = (await admin('GET', `/api/v1/conversations/${conversationId}`)).body;
    expect(conversation.status).toBe('open');
    expect(conversation.waitingSince).not.toBeNull();
    const record = await t.server.useCases.uow.repos.autoAnswers.latestForConversation(
      t.a.accountId,
      conversationId,
    );
    expect(record?.outcome).toBe('not-helpful');
    const pairs = await t.server.useCases.uow.repos.trainingPairs.list(t.a.accountId, {
      source: 'auto-answer',
    });
    expect(pairs).toContainEqual(expect.objectContaining({ articleId, label: 'negative' }));
    // The workspace heard of it: the note and the conversation's change are events.
    const events = (await admin('GET', '/api/v1/events?after=0&limit=500')).body.items as {
      type: string;
      conversationId: string;
      data: { message?: { kind: string } };
    }[];
    expect(
      events.some(
        (e) =>
          e.type === 'message.created' &&
          e.conversationId === conversationId &&
          e.data.message?.kind === 'note',
      ),
    ).toBe(true);
  }, 30_000);

  it('never answers a complaint: labels it, raises its priority and notes why', async () => {
    const { conversationId } = await inbound(
      'Ich möchte mich beschweren! Mein Passwort ändern geht seit Tagen nicht!!!',
      'kunde-3',
    );
    const messages = await eventually(
      () => messagesOf(conversationId),
      (list) => list.some((m) => m.kind === 'note'),
    );
    expect(messages.some((m) => m.authorType === 'bot')).toBe(false);
    expect(messages.find((m) => m.kind === 'note')!.text).toMatch(/Beschwerde.*complaint/);
    const conversation = (await admin('GET', `/api/v1/conversations/${conversationId}`)).body;
    expect(conversation.labels).toContain('complaint');
    expect(conversation.priority).toBe('high');
  }, 30_000);

  it('hands over at once when the customer asks for a person', async () => {
    const { conversationId } = await inbound('Ich möchte mit einem echten Menschen sprechen', 'kunde-4');
    const messages = await eventually(
      () => messagesOf(conversationId),
      (list) => list.some((m) => m.kind === 'note'),
    );
    expect(messages.some((m) => m.authorType === 'bot')).toBe(false);
    expect(messages.find((m) => m.kind === 'note')!.text).toContain('Menschen sprechen');
  }, 30_000);

  it('stays out when an agent has replied already', async () => {
    const first = await inbound('Hallo, ich habe eine Frage', 'kunde-5');
    await jobsSettled(t.a.accountId);
    expect(
      (
        await agent('POST', `/api/v1/conversations/${first.conversationId}/messages`, {
          text: 'Gern!',
          kind: 'text',
        })
      ).status,
    ).toBe(201);
    await inbound('Wie kann ich mein Passwort ändern?', 'kunde-5');
    await jobsSettled(t.a.accountId);
    const messages = await messagesOf(first.conversationId);
    expect(messages.some((m) => m.authorType === 'bot')).toBe(false);
  }, 30_000);

  it("delivers the answer to an API inbox's webhook like any reply", async () => {
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const inbox = await admin('POST', '/api/v1/inboxes', {
        name: 'App mit Webhook',
        channel: 'api',
        webhookUrl: `http://127.0.0.1:${port}/hook`,
      });
      expect(inbox.status).toBe(201);
      const response = await admin('POST', `/api/v1/inboxes/${inbox.body.id}/messages`, {
        externalId: `auto-${++sequence}`,
        contact: { identifier: 'app-user-1' },
        text: 'Wie kann ich mein Passwort ändern?',
      });
      expect(response.status).toBe(201);
      await eventually(
        () => Promise.resolve(bodies.length),
        (count) => count > 0,
      );
      const delivered = JSON.parse(bodies[0]!) as { message?: { text: string } };
      expect(JSON.stringify(delivered)).toContain('Hat Ihnen das geholfen? (Ja/Nein)');
      expect(JSON.stringify(delivered)).toContain(articleId);
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  }, 30_000);

  it('answers a web chat visitor too, in the widget', async () => {
    const inbox = await admin('POST', '/api/v1/inboxes', {
      name: 'Website',
      channel: 'webchat',
      language: 'de',
      allowedOrigins: ['https://shop.example'],
    });
    expect(inbox.status).toBe(201);
    const widget = `/api/v1/widget/${inbox.body.id}`;
    const session = await call(t.url, `${widget}/sessions`, { json: {} });
    expect(session.status).toBe(201);
    const token = session.body.token as string;
    const posted = await call(t.url, `${widget}/messages`, {
      token,
      json: { id: randomUUID(), text: 'Wie kann ich mein Passwort ändern?' },
    });
    expect(posted.status).toBe(201);
    const seen = await eventually(
      async () => (await call(t.url, `${widget}/messages?limit=50`, { token })).body.items as Msg[],
      (items) => items.some((m) => m.authorType === 'bot'),
    );
    const answer = seen.find((m) => m.authorType === 'bot')!;
    expect(answer.text).toContain(`/help/${t.a.accountId}/de/articles/${articleId}`);
    expect(answer.text).toContain('Hat Ihnen das geholfen? (Ja/Nein)');
    // Visitors see the answer, never the agents' line about it.
    expect(seen.every((m) => !m.text.includes('Automatisch beantwortet'))).toBe(true);
  }, 30_000);

  it('enqueues nothing for an account with automatic answers off (the default)', async () => {
    const settings = await api(t.url, t.b.adminToken, 'GET', '/api/v1/settings/automatic-answers');
    expect(settings.body).toEqual({ enabled: false, precisionTarget: 0.95 });
    await inbound('Wie kann ich mein Passwort ändern?', 'kunde-b', 'b');
    const jobs = await t.server.connection.db
      .selectFrom('jobs')
      .select(['id'])
      .where('account_id', '=', t.b.accountId)
      .where('type', '=', 'knowledge.auto-answer')
      .execute();
    expect(jobs).toHaveLength(0);
  });

  describe('agent suggestions', () => {
    it('returns the top 3 for the newest customer message, internal articles included, with probabilities', async () => {
      const { conversationId, messageId } = await inbound(
        'Kennwort zurücksetzen, komme nicht an meine E-Mail',
        'kunde-6',
      );
      const response = await agent('GET', `/api/v1/conversations/${conversationId}/suggestions`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        messageId,
        question: 'Kennwort zurücksetzen, komme nicht an meine E-Mail',
      });
      expect(['answer', 'suggest', 'abstain']).toContain(response.body.decision);
      expect(typeof response.body.reason).toBe('string');
      const suggestions = response.body.suggestions as {
        articleId: string;
        probability: number;
        visibility: string;
        url: string | null;
        snippet: string;
      }[];
      expect(suggestions.length).toBeGreaterThan(0);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      for (const s of suggestions) {
        expect(s.probability).toBeGreaterThanOrEqual(0);
        expect(s.probability).toBeLessThanOrEqual(1);
        expect(s.url === null).toBe(s.visibility !== 'public');
      }
      expect(suggestions.map((s) => s.articleId)).toContain(internalArticleId);
      expect(suggestions.find((s) => s.articleId === articleId)?.url).toContain(`/help/${t.a.accountId}/`);
    }, 30_000);

    it('answers messageId null and no suggestions when the customer has not written', async () => {
      const conversation = await t.server.useCases.uow.transaction(async (repos) => {
        const contact = await repos.contacts.create({
          accountId: t.a.accountId,
          name: null,
          email: null,
          phone: null,
          language: 'de',
        });
        return repos.conversations.create({
          accountId: t.a.accountId,
          inboxId: t.a.inbox.id,
          contactId: contact.id,
          language: 'de',
          at: new Date().toISOString(),
        });
      });
      const response = await agent('GET', `/api/v1/conversations/${conversation.id}/suggestions`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ messageId: null, suggestions: [] });
    });

    it("is 404 for another account's conversation", async () => {
      const { conversationId, messageId } = await inbound('Wo finde ich meine Rechnung?', 'kunde-7');
      const other = await api(
        t.url,
        t.b.agentToken,
        'GET',
        `/api/v1/conversations/${conversationId}/suggestions`,
      );
      expect(other.status).toBe(404);
      const feedback = await api(
        t.url,
        t.b.adminToken,
        'POST',
        `/api/v1/conversations/${conversationId}/suggestions/feedback`,
        { messageId, articleId, outcome: 'accepted' },
      );
      expect(feedback.status).toBe(404);
    });

    it('stores feedback as a training pair (204) and refuses a bad body', async () => {
      const { conversationId, messageId } = await inbound('Rechnung als PDF?', 'kunde-8');
      const path = `/api/v1/conversations/${conversationId}/suggestions/feedback`;
      expect((await agent('POST', path, { messageId, articleId, outcome: 'rejected' })).status).toBe(204);
      expect(
        (await agent('POST', path, { messageId, articleId: internalArticleId, outcome: 'accepted' })).status,
      ).toBe(204);
      const pairs = await t.server.useCases.uow.repos.trainingPairs.list(t.a.accountId, {
        source: 'suggestion',
      });
      expect(pairs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ articleId, question: 'Rechnung als PDF?', label: 'negative' }),
          expect.objectContaining({ articleId: internalArticleId, label: 'positive' }),
        ]),
      );
      const malformed = await fetch(t.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.a.agentToken}`, 'content-type': 'application/json' },
        body: '{"messageId": ',
      });
      expect(malformed.status).toBe(400);
      expect((await agent('POST', path, { messageId, articleId, outcome: 'maybe' })).status).toBe(422);
      expect((await agent('POST', path, { messageId: 'nope', articleId, outcome: 'accepted' })).status).toBe(
        404,
      );
    });
  });

  describe('settings', () => {
    it('only admins read and change them; the target must be within 0.5..0.999', async () => {
      expect((await agent('GET', '/api/v1/settings/automatic-answers')).status).toBe(403);
      expect((await agent('PUT', '/api/v1/settings/automatic-answers', { enabled: false })).status).toBe(403);
      expect(
        (await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: true, precisionTarget: 1.2 }))
          .status,
      ).toBe(422);
      const saved = await admin('PUT', '/api/v1/settings/automatic-answers', {
        enabled: true,
        precisionTarget: 0.97,
      });
      expect(saved.body).toEqual({ enabled: true, precisionTarget: 0.97 });
      expect((await admin('GET', '/api/v1/settings/automatic-answers')).body).toEqual({
        enabled: true,
        precisionTarget: 0.97,
      });
      await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: true, precisionTarget: 0.95 });
    });
  });
});
