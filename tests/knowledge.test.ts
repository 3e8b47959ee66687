/**
 * The knowledge base's editing API against a real server, on both databases: collections,
 * articles with linked translations, version history with diff and restore, optimistic
 * concurrency, and partners whose changes wait for an agent's review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('knowledge base editing', (database) => {
  let t: TestServer;
  let partnerToken: string;
  let partnerId: string;
  let collectionId: string;
  let otherCollectionId: string;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.agentToken, method, path, body);
  const partner = (method: string, path: string, body?: unknown) =>
    api(t.url, partnerToken, method, path, body);

  beforeAll(async () => {
    t = await startTestServer(database);
    const partnerUser = await t.server.useCases.uow.repos.users.create({
      accountId: t.a.accountId,
      email: `partner-${Date.now()}@example.test`,
      name: 'Pia Partnerin',
      role: 'partner',
      language: 'de',
      passwordHash: null,
    });
    partnerId = partnerUser.id;
    partnerToken = (
      await t.server.auth.createApiToken(
        { userId: partnerId, accountId: t.a.accountId, role: 'partner', inboxIds: [] },
        'test',
      )
    ).token;
    const created = await admin('POST', '/api/v1/knowledge/collections', { name: 'Versand' });
    expect(created.status).toBe(201);
    collectionId = created.body.id;
    otherCollectionId = (await admin('POST', '/api/v1/knowledge/collections', { name: 'Verträge' })).body.id;
    const granted = await admin('PUT', `/api/v1/knowledge/collections/${collectionId}/partners`, {
      partnerIds: [partnerId],
    });
    expect(granted.status).toBe(200);
    expect(granted.body.partnerIds).toEqual([partnerId]);
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  async function article(fields: Record<string, unknown> = {}) {
    const response = await agent('POST', '/api/v1/knowledge/articles', {
      collectionId,
      language: 'de',
      title: 'Wie lange dauert der Versand?',
      body: 'Innerhalb Deutschlands **2–3 Werktage**.\n\nIns Ausland 5–7 Werktage.',
      alternativeQuestions: ['Wann kommt mein Paket?', 'Lieferzeit', 'Wann kommt mein Paket?'],
      tags: ['Versand', 'versand', 'Lieferung'],
      visibility: 'public',
      ...fields,
    });
    expect(response.status).toBe(201);
    return response.body as Record<string, unknown> & { id: string; translationGroup: string; title: string };
  }

  describe('articles and translations', () => {
    it('creates an article as version 1, with repeated questions and tags dropped', async () => {
      const created = await article();
      expect(created).toMatchObject({
        collectionId,
        language: 'de',
        version: 1,
        visibility: 'public',
        alternativeQuestions: ['Wann kommt mein Paket?', 'Lieferzeit'],
        tags: ['Versand', 'Lieferung'],
      });
      expect(created).not.toHaveProperty('accountId');
      const read = await admin('GET', `/api/v1/knowledge/articles/${created.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.id, translations: [] });
    });

    it('links a translation, and refuses a second one in the same language', async () => {
      const original = await article();
      const english = await agent('POST', '/api/v1/knowledge/articles', {
        collectionId,
        language: 'en',
        translationOf: original.id,
        title: 'How long does shipping take?',
        body: 'Within Germany 2–3 working days.',
      });
      expect(english.status).toBe(201);
      expect(english.body.translationGroup).toBe(original.translationGroup);
      expect(english.body.visibility).toBe('draft');
      const read = await agent('GET', `/api/v1/knowledge/articles/${original.id}`);
      expect(read.body.translations).toEqual([
        {
          id: english.body.id,
          language: 'en',
          title: 'How long does shipping take?',
          visibility: 'draft',
          version: 1,
        },
      ]);
      const again = await agent('POST', '/api/v1/knowledge/articles', {
        collectionId,
        language: 'en',
        translationOf: original.id,
        title: 'Shipping times',
      });
      expect(again.status).toBe(409);
    });

    it('lists by collection, language, visibility and tag', async () => {
      const own = await agent('POST', '/api/v1/knowledge/collections', { name: 'nope' });
      expect(own.status).toBe(403); // collections are the admins' to make
      const list = await admin('POST', '/api/v1/knowledge/collections', { name: 'Zahlung' });
      const paid = await article({
        collectionId: list.body.id,
        tags: ['Kreditkarte'],
        visibility: 'internal',
      });
      const byTag = await agent('GET', '/api/v1/knowledge/articles?tag=kreditkarte');
      expect((byTag.body.items as { id: string }[]).map((a) => a.id)).toEqual([paid.id]);
      const publicOnly = await agent(
        'GET',
        `/api/v1/knowledge/articles?collectionId=${list.body.id}&visibility=public`,
      );
      expect(publicOnly.body.items).toEqual([]);
      const both = await agent(
        'GET',
        `/api/v1/knowledge/articles?collectionId=${list.body.id}&visibility=public,internal&language=de`,
      );
      expect(both.body.items).toHaveLength(1);
      const bad = await agent('GET', '/api/v1/knowledge/articles?visibility=secret');
      expect(bad.status).toBe(422);
    });
  });

  describe('versions', () => {
    it('saves each change as the next version and refuses a change based on an old one', async () => {
      const created = await article();
      const first = await agent('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        body: 'Innerhalb Deutschlands **1–2 Werktage**.\n\nIns Ausland 5–7 Werktage.',
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ version: 2, title: created.title });
      // A second editor who also started from version 1 must not overwrite the first one's change.
      const stale = await admin('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        title: 'Versanddauer',
      });
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      const current = await admin('GET', `/api/v1/knowledge/articles/${created.id}`);
      expect(current.body).toMatchObject({ version: 2, title: created.title });
    });

    it('shows the history with a diff between versions and restores an old one as a new version', async () => {
      const created = await article();
      await agent('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        title: 'Wie lange dauert die Lieferung?',
        body: 'Innerhalb Deutschlands **1–2 Werktage**.\n\nIns Ausland 5–7 Werktage.',
        tags: ['Versand', 'Express'],
      });
      const history = await agent('GET', `/api/v1/knowledge/articles/${created.id}/versions`);
      expect((history.body.items as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);

      const diff = await agent('GET', `/api/v1/knowledge/articles/${created.id}/diff?from=1&to=2`);
      expect(diff.status).toBe(200);
      const fields = Object.fromEntries(
        (diff.body.changes as { field: string; parts: unknown[] }[]).map((c) => [c.field, c.parts]),
      );
      expect(Object.keys(fields).sort()).toEqual(['body', 'tags', 'title']);
      expect(fields.title).toEqual(
        expect.arrayContaining([
          { value: 'Versand', added: false, removed: true },
          { value: 'Lieferung', added: true, removed: false },
        ]),
      );
      // Lines: the changed first line is removed and added; the unchanged rest stays as it was.
      expect(fields.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: expect.stringContaining('2–3'), removed: true }),
          expect.objectContaining({ value: expect.stringContaining('1–2'), added: true }),
          { value: '\nIns Ausland 5–7 Werktage.', added: false, removed: false },
        ]),
      );
      expect(fields.tags).toEqual(
        expect.arrayContaining([
          { value: 'Lieferung', added: false, removed: true },
          { value: 'Express', added: true, removed: false },
        ]),
      );

      const restored = await agent('POST', `/api/v1/knowledge/articles/${created.id}/restore`, {
        version: 1,
        baseVersion: 2,
      });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        version: 3,
        title: created.title,
        body: created.body,
        tags: created.tags,
      });
      const after = await agent('GET', `/api/v1/knowledge/articles/${created.id}/versions`);
      expect(after.body.items[0]).toMatchObject({ version: 3, restoredFrom: 1 });
      expect(after.body.items).toHaveLength(3);
      // Without a range: the latest change (restoring version 1 undid the title change).
      const latest = await agent('GET', `/api/v1/knowledge/articles/${created.id}/diff`);
      expect(latest.body).toMatchObject({ from: 2, to: 3 });
      expect((latest.body.changes as { field: string }[]).map((c) => c.field)).toContain('title');
      const missing = await agent('GET', `/api/v1/knowledge/articles/${created.id}/diff?from=1&to=9`);
      expect(missing.status).toBe(404);
    });
  });

  describe('partners', () => {
    it('proposes a change in a granted collection; the article stays unchanged until an agent approves', async () => {
      const created = await article();
      const proposed = await partner('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        alternativeQuestions: ['Wann kommt mein Paket?', 'Lieferzeit', 'Wie schnell liefern Sie?'],
      });
      expect(proposed.status).toBe(202);
      expect(proposed.body).toMatchObject({ status: 'pending', articleId: created.id, baseVersion: 1 });
      const unchanged = await agent('GET', `/api/v1/knowledge/articles/${created.id}`);
      expect(unchanged.body).toMatchObject({
        version: 1,
        alternativeQuestions: created.alternativeQuestions,
      });

      const pending = await agent('GET', '/api/v1/knowledge/change-requests?status=pending');
      expect((pending.body.items as { id: string }[]).map((r) => r.id)).toContain(proposed.body.id);
      const selfApproval = await partner(
        'POST',
        `/api/v1/knowledge/change-requests/${proposed.body.id}/review`,
        {
          decision: 'approve',
        },
      );
      expect(selfApproval.status).toBe(403);

      const approved = await agent('POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, {
        decision: 'approve',
        note: 'Danke!',
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        reviewerId: t.a.agent.id,
        reviewNote: 'Danke!',
      });
      const published = await agent('GET', `/api/v1/knowledge/articles/${created.id}`);
      expect(published.body).toMatchObject({ version: 2, updatedBy: partnerId });
      expect(published.body.alternativeQuestions).toContain('Wie schnell liefern Sie?');
      // A retried approval answers the same; the opposite decision is a conflict.
      const retried = await admin('POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, {
        decision: 'approve',
      });
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(approved.body);
      expect((await agent('GET', `/api/v1/knowledge/articles/${created.id}`)).body.version).toBe(2);
      const opposite = await agent('POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, {
        decision: 'reject',
      });
      expect(opposite.status).toBe(409);
    });

    it('proposes a new article; a rejection publishes nothing and the partner sees the outcome', async () => {
      const proposed = await partner('POST', '/api/v1/knowledge/articles', {
        collectionId,
        language: 'de',
        title: 'Expressversand',
        body: 'Bestellungen bis 12 Uhr gehen am selben Tag raus.',
      });
      expect(proposed.status).toBe(202);
      expect(proposed.body).toMatchObject({ articleId: null, status: 'pending' });
      const rejected = await admin('POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, {
        decision: 'reject',
        note: 'Gibt es nicht mehr.',
      });
      expect(rejected.body).toMatchObject({ status: 'rejected', articleId: null });
      const mine = await partner('GET', '/api/v1/knowledge/change-requests');
      expect(
        (mine.body.items as { id: string; status: string }[]).map((r) => [r.id, r.status]),
      ).toContainEqual([proposed.body.id, 'rejected']);
      const listed = await agent('GET', `/api/v1/knowledge/articles?collectionId=${collectionId}`);
      expect((listed.body.items as { title: string }[]).some((a) => a.title === 'Expressversand')).toBe(
        false,
      );
    });

    it('refuses an approval whose article changed after the proposal', async () => {
      const created = await article();
      const proposed = await partner('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        title: 'Versandzeiten',
      });
      await agent('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
        baseVersion: 1,
        title: 'Lieferzeiten',
      });
      const approved = await agent('POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, {
        decision: 'approve',
      });
      expect(approved.status).toBe(409);
      const current = await agent('GET', `/api/v1/knowledge/articles/${created.id}`);
      expect(current.body).toMatchObject({ version: 2, title: 'Lieferzeiten' });
    });

    it('gets 403 in a collection not shared with them, and the article is unchanged', async () => {
      const foreign = await article({ collectionId: otherCollectionId, title: 'Kündigungsfrist' });
      const write = await partner('PATCH', `/api/v1/knowledge/articles/${foreign.id}`, {
        baseVersion: 1,
        title: 'Gekapert',
      });
      expect(write.status).toBe(403);
      expect((await partner('GET', `/api/v1/knowledge/articles/${foreign.id}`)).status).toBe(403);
      expect(
        (await partner('GET', `/api/v1/knowledge/articles?collectionId=${otherCollectionId}`)).status,
      ).toBe(403);
      const create = await partner('POST', '/api/v1/knowledge/articles', {
        collectionId: otherCollectionId,
        language: 'de',
        title: 'Neu',
      });
      expect(create.status).toBe(403);
      const unchanged = await admin('GET', `/api/v1/knowledge/articles/${foreign.id}`);
      expect(unchanged.body).toMatchObject({ version: 1, title: 'Kündigungsfrist' });
      // Their own collection list and article list show only what is shared with them.
      const collections = await partner('GET', '/api/v1/knowledge/collections');
      expect((collections.body.items as { id: string }[]).map((c) => c.id)).toEqual([collectionId]);
      const articles = await partner('GET', '/api/v1/knowledge/articles');
      expect(
        (articles.body.items as { collectionId: string }[]).every((a) => a.collectionId === collectionId),
      ).toBe(true);
    });

    it('grants collections only to partners', async () => {
      const refused = await admin('PUT', `/api/v1/knowledge/collections/${collectionId}/partners`, {
        partnerIds: [t.a.agent.id],
      });
      expect(refused.status).toBe(422);
      expect(
        (await agent('PUT', `/api/v1/knowledge/collections/${collectionId}/partners`, { partnerIds: [] }))
          .status,
      ).toBe(403);
    });
  });

  it("answers 404 for another account's collections, articles and proposals", async () => {
    const created = await article();
    const proposed = await partner('PATCH', `/api/v1/knowledge/articles/${created.id}`, {
      baseVersion: 1,
      title: 'x',
    });
    const other = (method: string, path: string, body?: unknown) =>
      api(t.url, t.b.adminToken, method, path, body);
    for (const [method, path, body] of [
      ['GET', `/api/v1/knowledge/articles/${created.id}`],
      ['PATCH', `/api/v1/knowledge/articles/${created.id}`, { baseVersion: 1, title: 'fremd' }],
      ['GET', `/api/v1/knowledge/articles/${created.id}/versions`],
      ['GET', `/api/v1/knowledge/articles/${created.id}/diff?from=1&to=1`],
      ['POST', `/api/v1/knowledge/articles/${created.id}/restore`, { version: 1, baseVersion: 1 }],
      ['POST', '/api/v1/knowledge/articles', { collectionId, language: 'de', title: 'fremd' }],
      ['PUT', `/api/v1/knowledge/collections/${collectionId}/partners`, { partnerIds: [] }],
      ['GET', `/api/v1/knowledge/change-requests/${proposed.body.id}`],
      ['POST', `/api/v1/knowledge/change-requests/${proposed.body.id}/review`, { decision: 'approve' }],
    ] as const) {
      const response = await other(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(
      (await other('GET', `/api/v1/knowledge/articles?collectionId=${collectionId}`)).body.items ?? [],
    ).toEqual([]);
    const unchanged = await admin('GET', `/api/v1/knowledge/articles/${created.id}`);
    expect(unchanged.body.version).toBe(1);
  });
});
