/**
 * The consent ledger against a real server, on both databases: purposes with versioned texts (admins
 * only), the append-only ledger per contact (history ordered, version and proof recorded, who
 * recorded it from the credentials), tenancy (another account's contact or purpose is 404), roles
 * (partners 403, agents may not configure purposes), validation (4xx, never 500), and the check the
 * automatic answer job makes: no consent for content analysis, no analysis, and a withdrawal stops
 * the very next message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { consentGranted, recordConsent } from '@sofortdesk/domain';
import { call } from './support/http.ts';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Msg {
  id: string;
  direction: 'in' | 'out';
  kind: 'text' | 'note' | 'event';
  authorType: string;
  text: string;
}

const texts = (suffix = '') => ({
  de: { title: `Angebote${suffix}`, text: `Wir werten Ihre Buchungen aus${suffix}.` },
  en: { title: `Offers${suffix}`, text: `We look at your bookings${suffix}.` },
});

describeEachDatabase('consent ledger', (database) => {
  let t: TestServer;
  let partnerToken: string;
  let sequence = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.agentToken, method, path, body);

  async function inbound(text: string, customer: string, tenant: 'a' | 'b' = 'a') {
    const fixture = tenant === 'a' ? t.a : t.b;
    const response = await api(
      t.url,
      fixture.adminToken,
      'POST',
      `/api/v1/inboxes/${fixture.inbox.id}/messages`,
      { externalId: `consent-${++sequence}`, contact: { identifier: customer }, text },
    );
    expect(response.status).toBe(201);
    return response.body as { messageId: string; conversationId: string; contactId: string };
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

  /** Waits until the worker has run every automatic-answer job of the account. */
  const jobsSettled = (accountId: string) =>
    eventually(
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

  beforeAll(async () => {
    t = await startTestServer(database);
    const partner = await t.server.useCases.uow.repos.users.create({
      accountId: t.a.accountId,
      email: `consent-partner-${Date.now()}@example.test`,
      name: 'Pia Partner',
      role: 'partner',
      language: 'de',
      passwordHash: null,
    });
    partnerToken = (
      await t.server.auth.createApiToken(
        { userId: partner.id, accountId: t.a.accountId, role: 'partner', inboxIds: [] },
        'consents',
      )
    ).token;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('keeps every version of a purpose text: a text change is a new version, the old one stays', async () => {
    const created = await admin('POST', '/api/v1/consent-purposes', {
      key: 'profiling',
      texts: texts(),
      perCase: false,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ key: 'profiling', version: 1, perCase: false, texts: texts() });
    expect(created.body.versions).toHaveLength(1);

    const id = created.body.id as string;
    const changed = await admin('PUT', `/api/v1/consent-purposes/${id}`, { texts: texts(' (neu)') });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect((changed.body.versions as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
    expect(changed.body.versions[0].texts).toEqual(texts());
    expect(changed.body.versions[1].texts).toEqual(texts(' (neu)'));

    // The same texts again, or only the per-case flag: no new version.
    const same = await admin('PUT', `/api/v1/consent-purposes/${id}`, {
      texts: texts(' (neu)'),
      perCase: true,
    });
    expect(same.body).toMatchObject({ version: 2, perCase: true });
    expect(same.body.versions).toHaveLength(2);

    // Agents read purposes (they record consents by key) but may not configure them.
    const listed = await agent('GET', '/api/v1/consent-purposes');
    expect(listed.status).toBe(200);
    expect((listed.body.items as { key: string }[]).map((p) => p.key)).toContain('profiling');
    expect((await agent('POST', '/api/v1/consent-purposes', { key: 'x-agent', texts: texts() })).status).toBe(
      403,
    );
    expect((await agent('PUT', `/api/v1/consent-purposes/${id}`, { perCase: false })).status).toBe(403);

    // A key is unique per account, and well-formed.
    expect(
      (await admin('POST', '/api/v1/consent-purposes', { key: 'profiling', texts: texts() })).status,
    ).toBe(409);
    const badKey = await admin('POST', '/api/v1/consent-purposes', { key: 'Profil ing', texts: texts() });
    expect(badKey.status).toBe(422);
    expect((badKey.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['json.key']);
    const noEnglish = await admin('POST', '/api/v1/consent-purposes', {
      key: 'half',
      texts: { de: texts().de },
    });
    expect(noEnglish.status).toBe(422);

    // Another account's purpose does not exist for tenant b; b may use the same key for its own.
    const foreign = await api(t.url, t.b.adminToken, 'PUT', `/api/v1/consent-purposes/${id}`, {
      perCase: false,
    });
    expect(foreign.status).toBe(404);
    const own = await api(t.url, t.b.adminToken, 'POST', '/api/v1/consent-purposes', {
      key: 'profiling',
      texts: texts(' B'),
    });
    expect(own.status).toBe(201);
  });

  it('appends entries in order with the version seen, the channel and the proof, and never changes them', async () => {
    const { contactId } = await inbound('Hallo', 'ledger-1');
    const purpose = (await admin('POST', '/api/v1/consent-purposes', { key: 'marketing', texts: texts() }))
      .body;

    const empty = await agent('GET', `/api/v1/contacts/${contactId}/consents`);
    expect(empty.status).toBe(200);
    expect(empty.body.history).toEqual([]);
    expect(
      (empty.body.current as { purpose: { key: string } }[]).find((c) => c.purpose.key === 'marketing'),
    ).toMatchObject({
      state: 'not-asked',
      since: null,
      latest: null,
    });

    const given = await admin('PUT', `/api/v1/contacts/${contactId}/consents`, {
      purposeKey: 'marketing',
      granted: true,
      channel: 'web-form',
      proof: { how: 'Häkchen bei der Buchung', reference: 'Buchung 4711' },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const first = given.body.history[0];
    expect(first).toMatchObject({
      purposeKey: 'marketing',
      purposeVersion: 1,
      granted: true,
      channel: 'web-form',
      how: 'Häkchen bei der Buchung',
      reference: 'Buchung 4711',
      // An API token: the company's system, with the token's user.
      recordedBy: { kind: 'api-token', userId: t.a.admin.id },
    });

    // The text changes: the next entry records version 2, the first keeps version 1.
    await admin('PUT', `/api/v1/consent-purposes/${purpose.id}`, { texts: texts(' v2') });
    const withdrawn = await agent('PUT', `/api/v1/contacts/${contactId}/consents`, {
      purposeKey: 'marketing',
      granted: false,
      channel: 'email',
      proof: { how: 'Abmeldelink im Newsletter' },
    });
    expect(withdrawn.status).toBe(200);
    // An agent in the workspace records on the customer's behalf (a session, not a token).
    await recordConsent(
      t.server.useCases,
      t.a.agentActor,
      contactId,
      { purposeKey: 'marketing', granted: true, channel: 'phone', proof: { how: 'am Telefon zugestimmt' } },
      'session',
    );

    const read = await agent('GET', `/api/v1/contacts/${contactId}/consents`);
    const history = read.body.history as {
      id: string;
      granted: boolean;
      purposeVersion: number;
      createdAt: string;
      recordedBy: { kind: string; userId: string };
    }[];
    expect(history.map((e) => [e.granted, e.purposeVersion])).toEqual([
      [true, 1],
      [false, 2],
      [true, 2],
    ]);
    expect(history[0]).toEqual(first);
    expect(history[1]!.recordedBy).toEqual({ kind: 'api-token', userId: t.a.agent.id });
    expect(history[2]!.recordedBy).toEqual({ kind: 'agent', userId: t.a.agent.id });
    const times = history.map((e) => e.createdAt);
    expect([...times].sort()).toEqual(times);
    const current = (read.body.current as { purpose: { key: string } }[]).find(
      (c) => c.purpose.key === 'marketing',
    );
    expect(current).toMatchObject({
      state: 'granted',
      since: history[2]!.createdAt,
      latest: { id: history[2]!.id },
    });

    // Append-only: there is no way to change or delete an entry.
    for (const method of ['DELETE', 'PATCH', 'POST']) {
      const response = await call(t.url, `/api/v1/contacts/${contactId}/consents`, {
        method,
        token: t.a.adminToken,
        ...(method !== 'DELETE' && { json: {} }),
      });
      expect([404, 405], method).toContain(response.status);
    }
    expect((await agent('GET', `/api/v1/contacts/${contactId}/consents`)).body.history).toEqual(history);
  });

  it("answers 404 for another account's contact and 422 for a purpose the account does not have", async () => {
    const inA = await inbound('Hallo', 'tenancy-a');
    const inB = await inbound('Hallo', 'tenancy-b', 'b');
    await admin('POST', '/api/v1/consent-purposes', { key: 'location', texts: texts(), perCase: true });
    const body = {
      purposeKey: 'location',
      granted: true,
      channel: 'app',
      proof: { how: 'Freigabe in der App' },
    };
    for (const [method, json] of [
      ['GET', undefined],
      ['PUT', body],
    ] as const) {
      const foreign = await api(
        t.url,
        t.b.adminToken,
        method,
        `/api/v1/contacts/${inA.contactId}/consents`,
        json,
      );
      expect(foreign.status, method).toBe(404);
      const nowhere = await api(
        t.url,
        t.b.adminToken,
        method,
        '/api/v1/contacts/00000000-0000-7000-8000-000000000000/consents',
        json,
      );
      expect(nowhere.status).toBe(404);
      expect(foreign.body.title).toBe(nowhere.body.title);
    }
    // Tenant b has no "location" purpose: a's configuration is not b's.
    const unknown = await api(
      t.url,
      t.b.adminToken,
      'PUT',
      `/api/v1/contacts/${inB.contactId}/consents`,
      body,
    );
    expect(unknown.status).toBe(422);
    expect((unknown.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['purposeKey']);
    // Nothing of a's was written.
    expect((await admin('GET', `/api/v1/contacts/${inA.contactId}/consents`)).body.history).toEqual([]);
  });

  it('refuses partners (no customer data) and unauthenticated callers', async () => {
    const { contactId } = await inbound('Hallo', 'partner-probe');
    const partner = (method: string, path: string, json?: unknown) =>
      api(t.url, partnerToken, method, path, json);
    expect((await partner('GET', '/api/v1/consent-purposes')).status).toBe(403);
    expect(
      (await partner('POST', '/api/v1/consent-purposes', { key: 'p-partner', texts: texts() })).status,
    ).toBe(403);
    expect((await partner('GET', `/api/v1/contacts/${contactId}/consents`)).status).toBe(403);
    const put = await partner('PUT', `/api/v1/contacts/${contactId}/consents`, {
      purposeKey: 'marketing',
      granted: true,
      channel: 'api',
      proof: { how: 'x' },
    });
    expect(put.status).toBe(403);
    expect((await api(t.url, undefined, 'GET', `/api/v1/contacts/${contactId}/consents`)).status).toBe(401);
  });

  it('answers bad input with 4xx problems naming the field', async () => {
    const { contactId } = await inbound('Hallo', 'validation');
    const path = `/api/v1/contacts/${contactId}/consents`;
    const valid = { purposeKey: 'marketing', granted: true, channel: 'api', proof: { how: 'CRM-Import' } };
    const cases: [unknown, string][] = [
      [{ ...valid, proof: {} }, 'proof.how'],
      [{ ...valid, proof: { how: '   ' } }, 'proof.how'],
      [{ ...valid, channel: 'carrier-pigeon' }, 'channel'],
      [{ ...valid, granted: 'yes' }, 'granted'],
      [{ ...valid, purposeKey: 'nope' }, 'purposeKey'],
      [{ ...valid, purposeVersion: 99 }, 'purposeVersion'],
      [{ ...valid, extra: 1 }, ''],
    ];
    for (const [json, field] of cases) {
      const response = await admin('PUT', path, json);
      expect(response.status, JSON.stringify(json)).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      // Shape errors name the body field (json.…); the domain's checks name the field itself.
      if (field)
        expect(
          (response.body.errors as { path: string }[]).map((e) => e.path.replace(/^json\./, '')),
          JSON.stringify(json),
        ).toContain(field);
    }
    const malformed = await call(t.url, path, {
      method: 'PUT',
      token: t.a.adminToken,
      raw: '{"purposeKey":',
      contentType: 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect((await admin('GET', `/api/v1/contacts/${contactId}/consents`)).body.history).toEqual([]);
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = (await call(t.url, '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/consent-purposes',
        '/api/v1/consent-purposes/{purposeId}',
        '/api/v1/contacts/{contactId}/consents',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/contacts/{contactId}/consents'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
  });

  it('stops automatic analysis without consent for content analysis, and a withdrawal stops the next message at once', async () => {
    // Tenant b: automatic answers on, one article that answers a password question surely.
    const b = (method: string, path: string, json?: unknown) =>
      api(t.url, t.b.adminToken, method, path, json);
    expect(
      (await b('PUT', '/api/v1/settings/automatic-answers', { enabled: true, precisionTarget: 0.95 })).status,
    ).toBe(200);
    const collection = await b('POST', '/api/v1/knowledge/collections', { name: 'Konto' });
    const article = await b('POST', '/api/v1/knowledge/articles', {
      collectionId: collection.body.id,
      language: 'de',
      title: 'Wie ändere ich mein Passwort?',
      body: 'Öffnen Sie **Einstellungen → Sicherheit** und wählen Sie „Passwort ändern“.',
      alternativeQuestions: ['Passwort vergessen', 'Kennwort zurücksetzen'],
      tags: [],
      visibility: 'public',
    });
    expect(article.status).toBe(201);
    const question = 'Wie kann ich mein Passwort ändern?';
    const bMessages = async (conversationId: string) =>
      (await b('GET', `/api/v1/conversations/${conversationId}/messages?limit=100`)).body.items as Msg[];
    const botAnswers = (list: Msg[]) => list.filter((m) => m.authorType === 'bot').length;
    const NOTE = 'keine Einwilligung zur Inhaltsanalyse';

    // Not configured: the account does not ask, so the question is answered.
    const before = await inbound(question, 'analysis-free', 'b');
    await eventually(
      () => bMessages(before.conversationId),
      (list) => botAnswers(list) === 1,
    );

    // Configured: a customer who never agreed gets no analysis, and the agents are told why.
    const purpose = await b('POST', '/api/v1/consent-purposes', {
      key: 'content-analysis',
      texts: {
        de: { title: 'Inhaltsanalyse', text: 'Wir lassen Ihre Nachrichten automatisch auswerten.' },
        en: { title: 'Content analysis', text: 'We analyse your messages automatically.' },
      },
    });
    expect(purpose.status).toBe(201);
    const first = await inbound(question, 'analysis-customer', 'b');
    await jobsSettled(t.b.accountId);
    let list = await bMessages(first.conversationId);
    expect(botAnswers(list)).toBe(0);
    expect(list.filter((m) => m.kind === 'note' && m.text.includes(NOTE))).toHaveLength(1);
    // A second message without consent: still nothing, and the note is not repeated.
    await inbound('Hallo? Passwort ändern bitte', 'analysis-customer', 'b');
    await jobsSettled(t.b.accountId);
    list = await bMessages(first.conversationId);
    expect(botAnswers(list)).toBe(0);
    expect(list.filter((m) => m.kind === 'note' && m.text.includes(NOTE))).toHaveLength(1);

    // Granted: the next question is answered.
    const grant = await b('PUT', `/api/v1/contacts/${first.contactId}/consents`, {
      purposeKey: 'content-analysis',
      granted: true,
      channel: 'widget',
      proof: { how: 'Checkbox im Widget' },
    });
    expect(grant.status).toBe(200);
    await inbound(question, 'analysis-customer', 'b');
    await eventually(
      () => bMessages(first.conversationId),
      (l) => botAnswers(l) === 1,
    );

    // Withdrawn: the very next message is not analysed, and the note says so again.
    const withdraw = await b('PUT', `/api/v1/contacts/${first.contactId}/consents`, {
      purposeKey: 'content-analysis',
      granted: false,
      channel: 'widget',
      proof: { how: 'Checkbox im Widget abgewählt' },
    });
    expect(withdraw.status).toBe(200);
    expect(
      await consentGranted(t.server.useCases.uow.repos, t.b.accountId, first.contactId, 'content-analysis'),
    ).toMatchObject({ status: 'not-granted' });
    await inbound('Und wie ändere ich mein Passwort noch einmal?', 'analysis-customer', 'b');
    await jobsSettled(t.b.accountId);
    list = await bMessages(first.conversationId);
    expect(botAnswers(list)).toBe(1);
    expect(list.filter((m) => m.kind === 'note' && m.text.includes(NOTE))).toHaveLength(2);
    // The other customer of the account, who was answered before, is now asked too: no consent, no answer.
    expect(
      await consentGranted(t.server.useCases.uow.repos, t.b.accountId, before.contactId, 'content-analysis'),
    ).toEqual({ status: 'not-granted', entry: undefined });
  });
});
