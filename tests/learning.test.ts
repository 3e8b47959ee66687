/**
 * The knowledge base learns, against a real server on both databases: resolved conversations whose
 * agent reply cites an article (a help-centre link) become training pairs, once per conversation,
 * and the same kind of question that found nothing before then finds that article first. "Did this
 * help?" votes after a help-centre search become labelled pairs too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

/** Customers who bought furniture that does not fit: not one word of it is in the returns article. */
const DOES_NOT_FIT = [
  'Der Tisch passt nicht in die Küche, was nun?',
  'Die Kommode passt nicht ins Schlafzimmer, was nun?',
  'Das Regal passt leider nicht in den Flur, was nun?',
  'Der Schrank passt nicht ins Kinderzimmer, was nun?',
  'Die Lampe passt nicht zum Wohnzimmer, was nun?',
  'Das Bett passt nicht ins Gästezimmer – was nun?',
];
const NEW_QUESTION = 'Das Sofa passt nicht ins Wohnzimmer, was nun?';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('learning from resolved conversations', (database) => {
  let t: TestServer;
  let returns: string;
  let shipping: string;
  let otherAccountArticle: string;
  let seq = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.agentToken, method, path, body);
  const pairs = (source?: 'resolved' | 'help-vote') =>
    t.server.useCases.uow.repos.trainingPairs.list(t.a.accountId, source ? { source } : {});
  const link = (accountId: string, articleId: string) =>
    `${t.url}/help/${accountId}/de/articles/${articleId}`;

  async function ask(text: string): Promise<string> {
    seq += 1;
    const result = await admin('POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `learn-${seq}`,
      contact: { identifier: `learner-${seq}` },
      text,
    });
    expect(result.status).toBe(201);
    return result.body.conversationId as string;
  }

  async function suggestionsFor(text: string) {
    const id = await ask(text);
    const response = await agent('GET', `/api/v1/conversations/${id}/suggestions`);
    expect(response.status).toBe(200);
    return response.body as { decision: string; suggestions: { articleId: string }[] };
  }

  async function resolve(id: string) {
    const response = await agent('PATCH', `/api/v1/conversations/${id}`, { status: 'resolved' });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestServer(database);
    const collection = await admin('POST', '/api/v1/knowledge/collections', { name: 'Hilfe' });
    const article = async (title: string, body: string) =>
      (
        await admin('POST', '/api/v1/knowledge/articles', {
          collectionId: collection.body.id,
          language: 'de',
          title,
          body,
          visibility: 'public',
        })
      ).body.id as string;
    returns = await article(
      'Rückgabe und Umtausch',
      'Innerhalb von 30 Tagen nehmen wir Artikel zurück. Das Rücksendeetikett liegt dem Paket bei.',
    );
    shipping = await article('Wie lange dauert der Versand?', 'Innerhalb Deutschlands 2–3 Werktage.');
    const bCollection = await api(t.url, t.b.adminToken, 'POST', '/api/v1/knowledge/collections', {
      name: 'B',
    });
    otherAccountArticle = (
      await api(t.url, t.b.adminToken, 'POST', '/api/v1/knowledge/articles', {
        collectionId: bCollection.body.id,
        language: 'de',
        title: 'Fremder Artikel',
        body: 'Gehört Konto B.',
        visibility: 'public',
      })
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('finds the cited article first for a kind of question it could not place before', async () => {
    const before = await suggestionsFor(NEW_QUESTION);
    expect(before.suggestions[0]?.articleId).not.toBe(returns);

    for (const question of DOES_NOT_FIT) {
      const id = await ask(question);
      const reply = await agent('POST', `/api/v1/conversations/${id}/messages`, {
        text: `Kein Problem: Sie können es innerhalb von 30 Tagen zurückgeben, siehe ${link(t.a.accountId, returns)}`,
      });
      expect(reply.status).toBe(201);
      await resolve(id);
    }
    const learned = await eventually(
      () => pairs('resolved'),
      (list) => list.length >= DOES_NOT_FIT.length,
    );
    expect(learned.map((pair) => pair.question).sort()).toEqual([...DOES_NOT_FIT].sort());
    expect(learned.every((pair) => pair.articleId === returns && pair.label === 'positive')).toBe(true);

    const after = await suggestionsFor(NEW_QUESTION);
    expect(after.suggestions[0]?.articleId).toBe(returns);
  });

  it('learns once per conversation, and only from agents’ replies citing this account’s articles', async () => {
    const count = (await pairs('resolved')).length;
    const id = await ask('Wie lange braucht die Lieferung nach Hamburg?');
    await agent('POST', `/api/v1/conversations/${id}/messages`, {
      text: `Siehe ${link(t.a.accountId, shipping)}`,
    });
    await resolve(id);
    await eventually(
      () => pairs('resolved'),
      (list) => list.length > count,
    );
    // Reopened and resolved again: nothing new.
    expect((await agent('PATCH', `/api/v1/conversations/${id}`, { status: 'open' })).status).toBe(200);
    await resolve(id);

    // A note, or another account's article, teaches nothing.
    const noted = await ask('Wann kommt mein Paket an?');
    await agent('POST', `/api/v1/conversations/${noted}/messages`, {
      kind: 'note',
      text: `intern: ${link(t.a.accountId, shipping)}`,
    });
    await resolve(noted);
    const foreign = await ask('Wo ist der fremde Artikel?');
    await agent('POST', `/api/v1/conversations/${foreign}/messages`, {
      text: `Siehe ${link(t.b.accountId, otherAccountArticle)} und ${link(t.a.accountId, otherAccountArticle)}`,
    });
    await resolve(foreign);
    // The jobs ran (the queue is empty) before the count is checked.
    await eventually(
      async () =>
        (await t.server.connection.db
          .selectFrom('jobs')
          .select('id')
          .where('type', '=', 'knowledge.learn-from-conversation')
          .where('account_id', '=', t.a.accountId)
          .where('status', 'in', ['pending', 'running'])
          .execute()) as unknown[],
      (open) => open.length === 0,
    );
    const resolved = await pairs('resolved');
    expect(
      resolved.filter((pair) => pair.question === 'Wie lange braucht die Lieferung nach Hamburg?'),
    ).toHaveLength(1);
    expect(resolved.map((pair) => pair.question)).not.toContain('Wann kommt mein Paket an?');
    expect(resolved.map((pair) => pair.question)).not.toContain('Wo ist der fremde Artikel?');
    // Account B learned nothing from A's conversations.
    expect(await t.server.useCases.uow.repos.trainingPairs.list(t.b.accountId)).toEqual([]);
  });

  it('turns a "did this help?" vote after a help-centre search into a labelled pair', async () => {
    const search = await fetch(
      `${t.url}/help/${t.a.accountId}/de/search?q=${encodeURIComponent('Rücksendung Etikett')}`,
    );
    const page = await search.text();
    // The result links carry the search on to the article, whose vote form posts it back.
    expect(page).toContain(`/articles/${returns}?q=R%C3%BCcksendung%20Etikett`);
    for (const helpful of ['yes', 'no']) {
      const vote = await fetch(`${t.url}/help/${t.a.accountId}/de/articles/${returns}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          helpful,
          q: helpful === 'yes' ? 'Rücksendung Etikett' : 'Etikett drucken',
        }),
        redirect: 'manual',
      });
      expect(vote.status).toBe(303);
    }
    const votes = await pairs('help-vote');
    expect(votes.map(({ question, label, articleId }) => ({ question, label, articleId }))).toEqual([
      { question: 'Rücksendung Etikett', label: 'positive', articleId: returns },
      { question: 'Etikett drucken', label: 'negative', articleId: returns },
    ]);
    // A vote without a search is no pair.
    await fetch(`${t.url}/help/${t.a.accountId}/de/articles/${returns}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ helpful: 'yes' }),
      redirect: 'manual',
    });
    expect(await pairs('help-vote')).toHaveLength(2);
  });
});
