/**
 * Triage and routing against a real server, on both databases (issue 6): every inbound message is
 * triaged by a job (language, sentiment, the account's own intent classifier, complexity), the
 * account's rules route it (team, priority, labels, automatic answer allowed or not) and the
 * conversation explains why; consent to content analysis gates the analysis; a rule that cannot be
 * evaluated is skipped and reported; the admin API manages the rules in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Msg {
  id: string;
  kind: 'text' | 'note' | 'event';
  authorType: string;
  text: string;
}

/** Labelled example questions an account has answered before: what its intent classifier learns. */
function labelledExamples(): { text: string; label: string }[] {
  const items = [
    'Bestellung',
    'Lieferung',
    'Jacke',
    'Schuhe',
    'Rucksack',
    'Paket',
    'Artikel',
    'Kauf',
    'Hose',
    'Uhr',
    'Lampe',
    'Tasche',
  ];
  const templates: Record<string, string[]> = {
    refund: [
      'Ich möchte mein Geld für die {x} zurück',
      'Bitte erstatten Sie mir den Betrag für die {x}',
      'Wann bekomme ich die Rückerstattung für meine {x}?',
      'Ich will eine Erstattung für die {x}',
      'Geld zurück für {x}, wie geht das?',
    ],
    shipping: [
      'Wo ist meine {x}? Die Sendungsverfolgung zeigt nichts',
      'Wann wird meine {x} geliefert?',
      'Die Zustellung der {x} dauert zu lange, wann kommt sie?',
      'Wie lange ist der Versand für die {x} unterwegs?',
      'Der Paketdienst hat die {x} noch nicht gebracht',
    ],
    password: [
      'Ich habe mein Passwort vergessen, {x} Konto',
      'Wie kann ich mein Kennwort zurücksetzen?',
      'Login geht nicht, Passwort falsch, {x}',
      'Passwort ändern im Kundenkonto, wo geht das?',
      'Ich komme nicht mehr in mein Konto, Kennwort vergessen',
    ],
    invoice: [
      'Wo finde ich die Rechnung für meine {x}?',
      'Bitte schicken Sie mir eine Rechnung für die {x}',
      'Die Rechnung für die {x} hat eine falsche Adresse',
      'Kann ich die Rechnung als PDF herunterladen?',
      'Rechnungskopie für {x} benötigt',
    ],
  };
  const examples: { text: string; label: string }[] = [];
  for (const [label, list] of Object.entries(templates)) {
    for (const template of list) {
      for (const item of items) examples.push({ text: template.replace('{x}', item), label });
    }
  }
  return examples;
}

describeEachDatabase('triage and routing', (database) => {
  let t: TestServer;
  let sequence = 0;
  let billingTeamId: string;

  const admin = (method: string, path: string, body?: unknown, tenant: 'a' | 'b' = 'a') =>
    api(t.url, (tenant === 'a' ? t.a : t.b).adminToken, method, path, body);

  async function inbound(text: string, customer: string, tenant: 'a' | 'b' = 'a', attachments = false) {
    const fixture = tenant === 'a' ? t.a : t.b;
    const response = await api(
      t.url,
      fixture.adminToken,
      'POST',
      `/api/v1/inboxes/${fixture.inbox.id}/messages`,
      {
        externalId: `routing-${++sequence}`,
        contact: { identifier: customer },
        text,
        ...(attachments && {
          attachments: [
            { url: 'https://files.example.test/photo.png', filename: 'photo.png', contentType: 'image/png' },
          ],
        }),
      },
    );
    expect(response.status).toBe(201);
    return response.body as { messageId: string; conversationId: string; contactId: string };
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The conversation's triage once the job has stored it for this message. */
  const triageOf = (tenant: 'a' | 'b', conversationId: string, messageId: string) =>
    eventually(
      () => admin('GET', `/api/v1/conversations/${conversationId}/triage`, undefined, tenant),
      (r) => r.status === 200 && r.body.triage?.messageId === messageId,
    ).then(
      (r) =>
        (
          r.body as {
            triage: Record<string, unknown> & {
              complexity: number;
              ruleId: string | null;
              intent: string | null;
              sentiment: string | null;
            };
          }
        ).triage,
    );

  const messagesOf = async (tenant: 'a' | 'b', conversationId: string) =>
    (await admin('GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, undefined, tenant)).body
      .items as Msg[];

  beforeAll(async () => {
    t = await startTestServer(database);
    const team = await admin('POST', '/api/v1/teams', { name: 'Billing' });
    expect(team.status).toBe(201);
    billingTeamId = team.body.id;
    // Account A's history: labelled conversations, written straight to the database (no triage runs).
    const at = new Date(Date.now() - 86_400_000).toISOString();
    await t.server.useCases.uow.transaction(async (repos) => {
      for (const [i, example] of labelledExamples().entries()) {
        const contact = await repos.contacts.create({
          accountId: t.a.accountId,
          name: `Kunde ${i}`,
          email: null,
          phone: null,
          language: 'de',
        });
        const conversation = await repos.conversations.create({
          accountId: t.a.accountId,
          inboxId: t.a.inbox.id,
          contactId: contact.id,
          language: 'de',
          at,
        });
        await repos.messages.create({
          accountId: t.a.accountId,
          inboxId: t.a.inbox.id,
          conversationId: conversation.id,
          direction: 'in',
          kind: 'text',
          authorType: 'contact',
          authorId: contact.id,
          text: example.text,
          externalId: `history-${i}`,
          attachments: [],
          at,
        });
        await repos.conversations.update(t.a.accountId, conversation.id, {
          labels: [example.label],
          status: 'resolved',
        });
      }
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('routes a negative refund message in German to Billing with priority high, and explains it', async () => {
    const rule = await admin('POST', '/api/v1/routing-rules', {
      name: 'Erstattungen',
      conditions: [
        { kind: 'intent', in: ['refund'] },
        { kind: 'sentiment', in: ['negative'] },
      ],
      actions: { teamId: billingTeamId, priority: 'high', labels: ['Erstattung'] },
    });
    expect(rule.status).toBe(201);
    const sent = await inbound(
      'Ich bin sehr enttäuscht und verärgert: Ich möchte endlich mein Geld für die Bestellung zurück, die Erstattung fehlt immer noch!',
      'kunde-refund',
    );
    const triage = await triageOf('a', sent.conversationId, sent.messageId);
    expect(triage).toMatchObject({ language: 'de', analysed: true, sentiment: 'negative', intent: 'refund' });
    expect(triage.complexity).toBeGreaterThan(0);
    expect(triage.ruleId).toBe(rule.body.id);
    const conversation = (await admin('GET', `/api/v1/conversations/${sent.conversationId}`)).body;
    expect(conversation).toMatchObject({ teamId: billingTeamId, priority: 'high' });
    expect(conversation.labels).toContain('erstattung');
    const line = (await messagesOf('a', sent.conversationId)).find((m) => m.kind === 'event');
    expect(line?.authorType).toBe('system');
    expect(line?.text).toContain('Weitergeleitet an Billing, weil Absicht=refund, Stimmung=negativ');

    // A factual shipping question matches no rule: the fallback takes it, nothing changes, no line.
    const calm = await inbound('Wann wird meine Jacke geliefert?', 'kunde-versand');
    const calmTriage = await triageOf('a', calm.conversationId, calm.messageId);
    expect(calmTriage.intent).not.toBe('refund');
    expect(calmTriage.sentiment).not.toBe('negative');
    const calmConversation = (await admin('GET', `/api/v1/conversations/${calm.conversationId}`)).body;
    expect(calmConversation).toMatchObject({ teamId: null, priority: 'none' });
  }, 60_000);

  it('routes empty-looking and unreadable messages by the fallback rule and says why', async () => {
    const rules = (await admin('GET', '/api/v1/routing-rules')).body.items as {
      id: string;
      isFallback: boolean;
    }[];
    const fallback = rules.find((r) => r.isFallback)!;
    expect(rules.at(-1)!.id).toBe(fallback.id);
    const edited = await admin('PATCH', `/api/v1/routing-rules/${fallback.id}`, {
      actions: { priority: 'low' },
    });
    expect(edited.status).toBe(200);
    const photo = await inbound('', 'kunde-foto', 'a', true);
    const triage = await triageOf('a', photo.conversationId, photo.messageId);
    expect(triage).toMatchObject({ unreadable: 'attachment-only', ruleId: fallback.id });
    const line = (await messagesOf('a', photo.conversationId)).find((m) => m.kind === 'event');
    expect(line?.text).toContain('Standardregel, weil die Nachricht nur Anhänge enthält');

    const french = await inbound(
      "Bonjour, je voudrais savoir quand ma commande sera livrée chez moi s'il vous plaît",
      'client-fr',
    );
    expect(await triageOf('a', french.conversationId, french.messageId)).toMatchObject({
      unreadable: 'unsupported-language',
    });
    // The fallback can be edited but not deleted.
    expect((await admin('DELETE', `/api/v1/routing-rules/${fallback.id}`)).status).toBe(409);
    await admin('PATCH', `/api/v1/routing-rules/${fallback.id}`, { actions: {} });
  }, 60_000);

  it('skips a rule that cannot be evaluated, reports it to admins, and routes by the next one', async () => {
    const doomed = await admin('POST', '/api/v1/teams', { name: 'Aufgelöst' });
    const broken = await admin('POST', '/api/v1/routing-rules', {
      name: 'Kaputt',
      conditions: [{ kind: 'language', in: ['de'] }],
      actions: { teamId: doomed.body.id },
    });
    expect(broken.status).toBe(201);
    const next = await admin('POST', '/api/v1/routing-rules', {
      name: 'Deutsch',
      conditions: [{ kind: 'language', in: ['de'] }],
      actions: { priority: 'medium' },
    });
    // Move both to the top, the broken one first.
    const listed = (await admin('GET', '/api/v1/routing-rules')).body.items as {
      id: string;
      isFallback: boolean;
    }[];
    const others = listed.filter((r) => !r.isFallback && r.id !== broken.body.id && r.id !== next.body.id);
    const order = await admin('PUT', '/api/v1/routing-rules/order', {
      ids: [broken.body.id, next.body.id, ...others.map((r) => r.id)],
    });
    expect(order.status).toBe(200);
    const ordered = (order.body as { items: { id: string }[] }).items;
    expect(ordered.slice(0, 2).map((r) => r.id)).toEqual([broken.body.id, next.body.id]);
    // The team goes away behind the rule's back (deleted in the database).
    await t.server.connection.db.deleteFrom('teams').where('id', '=', doomed.body.id).execute();

    const sent = await inbound('Guten Tag, ich habe eine Frage zu meinem Konto bei Ihnen.', 'kunde-kaputt');
    const triage = await triageOf('a', sent.conversationId, sent.messageId);
    expect(triage.ruleId).toBe(next.body.id);
    const conversation = (await admin('GET', `/api/v1/conversations/${sent.conversationId}`)).body;
    expect(conversation.priority).toBe('medium');
    const rules = (await admin('GET', '/api/v1/routing-rules')).body.items as {
      id: string;
      problems: string[];
    }[];
    expect(rules.find((r) => r.id === broken.body.id)!.problems).toContain('team no longer exists');
    // Saving a rule naming a team that does not exist is refused outright.
    const refused = await admin('PATCH', `/api/v1/routing-rules/${broken.body.id}`, {
      actions: { teamId: doomed.body.id },
    });
    expect(refused.status).toBe(422);
    await admin('DELETE', `/api/v1/routing-rules/${broken.body.id}`);
    await admin('DELETE', `/api/v1/routing-rules/${next.body.id}`);
  }, 60_000);

  it('computes no sentiment for a customer who withdrew consent to content analysis, from the next message on', async () => {
    const purpose = await admin(
      'POST',
      '/api/v1/consent-purposes',
      {
        key: 'content-analysis',
        texts: {
          de: { title: 'Inhaltsanalyse', text: 'Wir lassen Ihre Nachrichten automatisch auswerten.' },
          en: { title: 'Content analysis', text: 'We analyse your messages automatically.' },
        },
      },
      'b',
    );
    expect(purpose.status).toBe(201);
    const first = await inbound(
      'Das ist wirklich ärgerlich, die Lieferung ist kaputt.',
      'kunde-consent',
      'b',
    );
    const consent = (granted: boolean) =>
      admin(
        'PUT',
        `/api/v1/contacts/${first.contactId}/consents`,
        { purposeKey: 'content-analysis', granted, channel: 'widget', proof: { how: 'Checkbox' } },
        'b',
      );
    // Never asked: not analysed.
    expect(await triageOf('b', first.conversationId, first.messageId)).toMatchObject({
      analysed: false,
      sentiment: null,
      intent: null,
      complexity: null,
      language: 'de',
    });
    expect((await consent(true)).status).toBe(200);
    const second = await inbound(
      'Das ist wirklich ärgerlich, die Lieferung ist kaputt.',
      'kunde-consent',
      'b',
    );
    expect(await triageOf('b', second.conversationId, second.messageId)).toMatchObject({
      analysed: true,
      sentiment: 'negative',
    });
    expect((await consent(false)).status).toBe(200);
    const third = await inbound(
      'Das ist wirklich ärgerlich, die Lieferung ist kaputt.',
      'kunde-consent',
      'b',
    );
    expect(await triageOf('b', third.conversationId, third.messageId)).toMatchObject({
      analysed: false,
      sentiment: null,
    });
  }, 60_000);

  it('suppresses automatic answers when the matched rule says so (a VIP customer)', async () => {
    const on = await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: true }, 'b');
    expect(on.status).toBe(200);
    const rule = await admin(
      'POST',
      '/api/v1/routing-rules',
      {
        name: 'VIP',
        conditions: [{ kind: 'contactAttribute', key: 'vip', equals: true }],
        actions: { autoAnswer: false, priority: 'urgent', labels: ['vip'] },
      },
      'b',
    );
    expect(rule.status).toBe(201);
    const vip = await inbound('Hallo', 'kunde-vip', 'b');
    // Mark the contact VIP before the next message (the first one's triage may already have run).
    await triageOf('b', vip.conversationId, vip.messageId);
    const marked = await admin(
      'PUT',
      `/api/v1/contacts/${vip.contactId}/attributes`,
      { attributes: { vip: true } },
      'b',
    );
    expect(marked.status).toBe(200);
    // Another account's contact: 404.
    expect(
      (await admin('PUT', `/api/v1/contacts/${vip.contactId}/attributes`, { attributes: { vip: true } }))
        .status,
    ).toBe(404);
    const regular = await inbound('Wie ändere ich mein Passwort?', 'kunde-normal', 'b');
    const vipQuestion = await inbound('Wie ändere ich mein Passwort?', 'kunde-vip', 'b');
    await triageOf('b', regular.conversationId, regular.messageId);
    const vipTriage = await triageOf('b', vipQuestion.conversationId, vipQuestion.messageId);
    expect(vipTriage.ruleId).toBe(rule.body.id);
    const jobFor = (messageId: string) =>
      t.server.connection.db
        .selectFrom('jobs')
        .select('id')
        .where('idempotency_key', '=', `knowledge.auto-answer:${messageId}`)
        .executeTakeFirst();
    expect(await jobFor(regular.messageId)).toBeDefined();
    expect(await jobFor(vipQuestion.messageId)).toBeUndefined();
    const conversation = (await admin('GET', `/api/v1/conversations/${vip.conversationId}`, undefined, 'b'))
      .body;
    expect(conversation).toMatchObject({ priority: 'urgent' });
    expect(conversation.labels).toContain('vip');
    const line = (await messagesOf('b', vip.conversationId)).find((m) => m.kind === 'event');
    expect(line?.text).toContain('keine automatische Antwort');
  }, 60_000);

  describe('the admin API', () => {
    it('is for admins only, per account, and validates rules', async () => {
      const asAgent = await api(t.url, t.a.agentToken, 'GET', '/api/v1/routing-rules');
      expect(asAgent.status).toBe(403);
      const mine = (await admin('GET', '/api/v1/routing-rules')).body.items as { id: string }[];
      const other = await admin('PATCH', `/api/v1/routing-rules/${mine[0]!.id}`, { name: 'x' }, 'b');
      expect(other.status).toBe(404);
      const invalid = await admin('POST', '/api/v1/routing-rules', {
        name: 'Schlecht',
        conditions: [{ kind: 'complexity', atLeast: 3 }],
        actions: {},
      });
      expect(invalid.status).toBe(422);
      const badOrder = await admin('PUT', '/api/v1/routing-rules/order', { ids: ['nope'] });
      expect(badOrder.status).toBe(422);
    });
  });
});
