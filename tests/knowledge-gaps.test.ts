/**
 * Knowledge gaps against a real server, on both databases: recurring customer questions without a
 * confident answer are grouped with counts and examples (agents see their inboxes only, partners and
 * other accounts nothing), a confirmed automatic answer closes its conversation's question, and a
 * draft article is made from the agents' replies of a group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Gap {
  id: string;
  label: string;
  count: number;
  examples: { conversationId: string; text: string }[];
  conversationIds: string[];
}

const ADDRESS = [
  'Kann ich meine Lieferadresse nach der Bestellung noch ändern?',
  'Wie ändere ich die Lieferadresse meiner Bestellung?',
  'Lieferadresse ändern – geht das noch?',
];
const GIFT = [
  'Do you offer gift wrapping?',
  'Can you gift wrap my order?',
  'Is gift wrapping available for orders?',
];

describeEachDatabase('knowledge gaps', (database) => {
  let t: TestServer;
  let partnerToken: string;
  let seq = 0;
  const address: string[] = [];
  const gift: string[] = [];
  let elsewhere: string;

  const as = (token: string) => (method: string, path: string, body?: unknown) =>
    api(t.url, token, method, path, body);

  async function ask(inboxId: string, text: string): Promise<string> {
    seq += 1;
    const result = await as(t.a.adminToken)('POST', `/api/v1/inboxes/${inboxId}/messages`, {
      externalId: `gap-${seq}`,
      contact: { identifier: `customer-${seq}` },
      text,
    });
    expect(result.status).toBe(201);
    return result.body.conversationId as string;
  }

  const gaps = async (token: string, query = '') => {
    const response = await as(token)('GET', `/api/v1/knowledge/gaps${query}`);
    expect(response.status).toBe(200);
    return response.body.items as Gap[];
  };
  const members = (gap: Gap | undefined) => [...(gap?.conversationIds ?? [])].sort();
  const gapOf = (items: Gap[], conversationId: string) =>
    items.find((gap) => gap.conversationIds.includes(conversationId));

  beforeAll(async () => {
    t = await startTestServer(database);
    const partner = await t.server.useCases.uow.repos.users.create({
      accountId: t.a.accountId,
      email: `partner-gaps-${Date.now()}@example.test`,
      name: 'Pia Partnerin',
      role: 'partner',
      language: 'de',
      passwordHash: null,
    });
    partnerToken = (
      await t.server.auth.createApiToken(
        { userId: partner.id, accountId: t.a.accountId, role: 'partner', inboxIds: [] },
        'test',
      )
    ).token;
    // One article the engine knows: questions about shipping times are no gap of this kind.
    const collection = await as(t.a.adminToken)('POST', '/api/v1/knowledge/collections', { name: 'Versand' });
    await as(t.a.adminToken)('POST', '/api/v1/knowledge/articles', {
      collectionId: collection.body.id,
      language: 'de',
      title: 'Wie lange dauert der Versand?',
      body: 'Innerhalb Deutschlands 2–3 Werktage.',
      visibility: 'public',
    });
    for (const text of ADDRESS) address.push(await ask(t.a.inbox.id, text));
    for (const text of GIFT) gift.push(await ask(t.a.inbox.id, text));
    await ask(t.a.inbox.id, 'Warum ist der Himmel blau?');
    // The same question in an inbox the agent does not work in.
    elsewhere = await ask(t.a.otherInbox.id, 'Lieferadresse ändern, ist das möglich?');
    // Agents answered the address questions; the note is internal and stays out of any draft.
    const agent = as(t.a.agentToken);
    for (const [i, id] of address.entries()) {
      const reply = await agent('POST', `/api/v1/conversations/${id}/messages`, {
        text:
          i === 2
            ? 'Gern, bis zum Versand ändern wir die Adresse für Sie.'
            : 'Bis zum Versand können wir die Lieferadresse ändern: schreiben Sie uns die neue Adresse.',
      });
      expect(reply.status).toBe(201);
    }
    await agent('POST', `/api/v1/conversations/${address[0]}/messages`, {
      kind: 'note',
      text: 'INTERN: Kunde ist schwierig',
    });
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  describe('GET /api/v1/knowledge/gaps', () => {
    it('groups recurring unanswered questions, largest first, with counts and examples', async () => {
      const items = await gaps(t.a.adminToken);
      const addressGap = gapOf(items, address[0]!);
      expect(members(addressGap)).toEqual([...address, elsewhere].sort());
      expect(addressGap!.count).toBe(4);
      expect(addressGap!.label).toMatch(/lieferadresse/i);
      expect(addressGap!.examples.length).toBeLessThanOrEqual(5);
      for (const example of addressGap!.examples)
        expect(addressGap!.conversationIds).toContain(example.conversationId);
      expect(members(gapOf(items, gift[0]!))).toEqual([...gift].sort());
      // One-off questions are no recurring gap; every group has two questions at least.
      expect(items.every((gap) => gap.count >= 2)).toBe(true);
      expect(items.map((gap) => gap.count)).toEqual([...items.map((gap) => gap.count)].sort((a, b) => b - a));
    });

    it('gives the same ids for the same questions', async () => {
      const first = await gaps(t.a.adminToken);
      const second = await gaps(t.a.adminToken, '?days=90');
      expect(second.map((gap) => gap.id)).toEqual(first.map((gap) => gap.id));
    });

    it('shows agents the questions of their inboxes only', async () => {
      const items = await gaps(t.a.agentToken);
      expect(members(gapOf(items, address[0]!))).toEqual([...address].sort());
      expect(items.flatMap((gap) => gap.conversationIds)).not.toContain(elsewhere);
    });

    it('leaves out a question a confirmed automatic answer closed', async () => {
      const repos = t.server.useCases.uow.repos;
      const articles = await repos.knowledge.listArticles(t.a.accountId, {});
      const messages = await repos.messages.listForConversation(t.a.accountId, gift[2]!, { limit: 10 });
      const question = messages.items.find((m) => m.direction === 'in')!;
      const record = await repos.autoAnswers.create({
        accountId: t.a.accountId,
        conversationId: gift[2]!,
        questionMessageId: question.id,
        question: question.text,
        answerMessageId: question.id,
        articleId: articles[0]!.id,
        articleTitle: articles[0]!.title,
        probability: 0.99,
      });
      await repos.autoAnswers.decide(t.a.accountId, record.id, 'helpful');
      const items = await gaps(t.a.adminToken);
      expect(members(gapOf(items, gift[0]!))).toEqual([gift[0], gift[1]].sort());
    });

    it('refuses partners, bad periods and shows other accounts nothing', async () => {
      expect((await as(partnerToken)('GET', '/api/v1/knowledge/gaps')).status).toBe(403);
      for (const days of ['0', '366', 'abc', '1.5']) {
        const response = await as(t.a.adminToken)('GET', `/api/v1/knowledge/gaps?days=${days}`);
        expect(response.status).toBe(422);
      }
      expect(await gaps(t.b.adminToken)).toEqual([]);
      expect((await as('')('GET', '/api/v1/knowledge/gaps')).status).toBe(401);
    });
  });

  describe('POST /api/v1/knowledge/gaps/draft', () => {
    it("drafts an article from the group's questions and the agents' replies", async () => {
      const items = await gaps(t.a.agentToken);
      const addressGap = gapOf(items, address[0]!)!;
      const response = await as(t.a.agentToken)('POST', '/api/v1/knowledge/gaps/draft', {
        conversationIds: addressGap.conversationIds,
      });
      expect(response.status).toBe(201);
      const draft = response.body as {
        title: string;
        body: string;
        visibility: string;
        language: string;
        collectionId: string;
        alternativeQuestions: string[];
      };
      expect(draft.visibility).toBe('draft');
      expect(draft.language).toBe('de');
      expect(ADDRESS).toContain(draft.title);
      expect([...draft.alternativeQuestions, draft.title].sort()).toEqual([...ADDRESS].sort());
      expect(draft.body).toContain('Bis zum Versand können wir die Lieferadresse ändern');
      expect(draft.body).toContain('Gern, bis zum Versand ändern wir die Adresse für Sie.');
      // Each reply once, and never an internal note.
      expect(draft.body.split('Bis zum Versand können wir').length).toBe(2);
      expect(draft.body).not.toContain('INTERN');
      const collections = await as(t.a.adminToken)('GET', '/api/v1/knowledge/collections');
      const names = collections.body.items as { id: string; name: string }[];
      expect(names.find((c) => c.id === draft.collectionId)?.name).toBe('Entwürfe / Drafts');

      // A second draft goes to the same collection, or to the one named.
      const again = await as(t.a.adminToken)('POST', '/api/v1/knowledge/gaps/draft', {
        conversationIds: gift.slice(0, 2),
        language: 'en',
      });
      expect(again.status).toBe(201);
      expect(again.body.collectionId).toBe(draft.collectionId);
      expect(again.body.language).toBe('en');
      expect(again.body.body).toMatch(/No agent replies found/);
    });

    it('answers 404 for conversations of other accounts or other inboxes, 403 for partners, 422 for bad input', async () => {
      const b = as(t.b.adminToken);
      expect(
        (await b('POST', '/api/v1/knowledge/gaps/draft', { conversationIds: [address[0]] })).status,
      ).toBe(404);
      const agent = as(t.a.agentToken);
      expect(
        (await agent('POST', '/api/v1/knowledge/gaps/draft', { conversationIds: [elsewhere] })).status,
      ).toBe(404);
      const bCollection = await b('POST', '/api/v1/knowledge/collections', { name: 'B' });
      expect(
        (
          await agent('POST', '/api/v1/knowledge/gaps/draft', {
            conversationIds: [address[0]],
            collectionId: bCollection.body.id,
          })
        ).status,
      ).toBe(404);
      expect(
        (await as(partnerToken)('POST', '/api/v1/knowledge/gaps/draft', { conversationIds: [address[0]] }))
          .status,
      ).toBe(403);
      for (const body of [
        {},
        { conversationIds: [] },
        { conversationIds: 'x' },
        { conversationIds: [address[0]], extra: 1 },
      ]) {
        expect((await agent('POST', '/api/v1/knowledge/gaps/draft', body)).status).toBe(422);
      }
    });
  });
});
