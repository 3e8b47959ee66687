/**
 * The public help centre against a real server, on both databases: only public articles, in the
 * visitor's language, search through the knowledge engine, "did this help?" stored once per click,
 * and 404 pages for everything else.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('help centre', (database) => {
  let t: TestServer;
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer(database);
    base = `${t.url}/help/${t.a.accountId}`;
    const admin = (method: string, path: string, body?: unknown) =>
      api(t.url, t.a.adminToken, method, path, body);
    const collection = await admin('POST', '/api/v1/knowledge/collections', {
      name: 'Versand & Lieferung',
      description: 'Alles rund um Ihr Paket',
    });
    const article = async (name: string, fields: Record<string, unknown>) => {
      const created = await admin('POST', '/api/v1/knowledge/articles', {
        collectionId: collection.body.id,
        visibility: 'public',
        ...fields,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[name] = created.body.id as string;
    };
    await article('shippingDe', {
      language: 'de',
      title: 'Wie lange dauert die Lieferung?',
      body: 'Innerhalb Deutschlands **2–3 Werktage**.\n\n<script>window.__xss = 1</script>\n\n[Sendungsverfolgung](https://example.test/track)',
      alternativeQuestions: ['Wann kommt mein Paket an?'],
    });
    await article('shippingEn', {
      language: 'en',
      translationOf: ids.shippingDe,
      title: 'How long does delivery take?',
      body: 'Within Germany **2–3 working days**.',
    });
    await article('returnsEn', {
      language: 'en',
      title: 'How do I return an item?',
      body: 'Print the return label from your account and drop the parcel at any post office.',
    });
    await article('internal', { language: 'de', title: 'Interne Kulanzregeln', visibility: 'internal' });
    await article('draft', { language: 'de', title: 'Entwurf Expressversand', visibility: 'draft' });
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(path.startsWith('http') ? path : `${t.url}${path}`, { headers, redirect: 'manual' });

  it('lists the public articles in the visitor language, each article once, never drafts or internal ones', async () => {
    const response = await get(`${base}/de`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Versand &amp; Lieferung');
    expect(page).toContain('Wie lange dauert die Lieferung?');
    // The English translation is the same article: not listed twice on the German page.
    expect(page).not.toContain('How long does delivery take?');
    // An English-only article is shown, marked as such.
    expect(page).toContain('How do I return an item?');
    expect(page).toContain('Nur auf Englisch');
    expect(page).not.toContain('Interne Kulanzregeln');
    expect(page).not.toContain('Entwurf Expressversand');

    const english = await (await get(`${base}/en`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('How long does delivery take?');
    expect(english).not.toContain('Wie lange dauert die Lieferung?');
  });

  it('renders an article from markdown with scripts as text and a link to its translation', async () => {
    const response = await get(`${base}/de/articles/${ids.shippingDe}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<strong>2–3 Werktage</strong>');
    expect(page).toContain('&lt;script&gt;window.__xss = 1&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).toContain('rel="noopener noreferrer nofollow ugc"');
    expect(page).toContain(`/en/articles/${ids.shippingEn}`);
    expect(page).toContain('Hat Ihnen dieser Artikel geholfen?');
  });

  it('answers 404 pages for drafts, internal articles, other accounts, unknown languages and paths', async () => {
    for (const path of [
      `${base}/de/articles/${ids.internal}`,
      `${base}/de/articles/${ids.draft}`,
      `${t.url}/help/${t.b.accountId}/de/articles/${ids.shippingDe}`,
      `${base}/fr`,
      `${base}/de/articles/${'x'.repeat(100)}`,
      `${t.url}/help/00000000-0000-7000-8000-000000000000/de`,
      `${base}/de/nothing/here`,
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('text/html');
    }
  });

  it('sends visitors to their language, and /help to the one company only when there is one', async () => {
    const redirected = await get(`${base}`, { 'accept-language': 'en-US,en;q=0.9' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(`/help/${t.a.accountId}/en`);
    // This server holds two companies: /help cannot guess which one.
    expect((await get('/help')).status).toBe(404);
  });

  it('finds articles by the words customers use, and shows them in the visitor language', async () => {
    const page = await (
      await get(`${base}/en/search?q=${encodeURIComponent('when will my parcel arrive, delivery')}`)
    ).text();
    expect(page).toContain('How long does delivery take?');
    const german = await (
      await get(`${base}/de/search?q=${encodeURIComponent('Wann kommt mein Paket?')}`)
    ).text();
    expect(german).toContain('Wie lange dauert die Lieferung?');
    const nothing = await (
      await get(`${base}/de/search?q=${encodeURIComponent('Kernfusion Reaktor')}`)
    ).text();
    expect(nothing).toContain('keinen Artikel gefunden');
    const huge = await get(`${base}/de/search?q=${encodeURIComponent('Paket '.repeat(2000))}`);
    expect(huge.status).toBe(200);
    const empty = await get(`${base}/de/search?q=`);
    expect(empty.status).toBe(302);
  });

  it("suggests up to three public articles to a web chat visitor, in the visitor's language, linked to the help centre", async () => {
    const widget = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Website',
      channel: 'webchat',
    });
    expect(widget.status).toBe(201);
    const suggest = (q: string, language = 'de', inbox = widget.body.id as string) =>
      get(`/api/v1/widget/${inbox}/suggestions?q=${encodeURIComponent(q)}&language=${language}`);
    const german = await suggest('Wann kommt mein Paket an?');
    expect(german.status).toBe(200);
    const { items } = (await german.json()) as { items: { id: string; title: string; url: string }[] };
    expect(items[0]).toEqual({
      id: ids.shippingDe,
      title: 'Wie lange dauert die Lieferung?',
      language: 'de',
      url: `${t.url}/help/${t.a.accountId}/de/articles/${ids.shippingDe}`,
    });
    expect(items.length).toBeLessThanOrEqual(3);
    // The same article group once; the English visitor gets the English translation.
    const english = (await (await suggest('how long does delivery take', 'en')).json()) as {
      items: { id: string }[];
    };
    expect(english.items[0]!.id).toBe(ids.shippingEn);
    expect(new Set(english.items.map((i) => i.id)).size).toBe(english.items.length);
    // Never internal or draft articles, nothing for a few letters, 404 for an unknown inbox, 422 for bad input.
    const internal = (await (await suggest('Interne Kulanzregeln')).json()) as { items: { id: string }[] };
    expect(internal.items.map((i) => i.id)).not.toContain(ids.internal);
    expect(await (await suggest('Wa')).json()).toEqual({ items: [] });
    expect((await suggest('Paket', 'de', t.a.inbox.id)).status).toBe(404);
    expect((await suggest('Paket', 'fr')).status).toBe(422);
    expect((await suggest('Paket '.repeat(500))).status).toBe(422);
  });

  it('stores "did this help?" and answers with a thank-you page (post, redirect, get)', async () => {
    const vote = (helpful: string, articleId = ids.shippingDe!) =>
      fetch(`${base}/de/articles/${articleId}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ helpful, q: 'Wann kommt mein Paket?' }),
        redirect: 'manual',
      });
    const yes = await vote('yes');
    expect(yes.status).toBe(303);
    expect(yes.headers.get('location')).toBe(
      `/help/${t.a.accountId}/de/articles/${ids.shippingDe}?feedback=yes`,
    );
    expect((await vote('no')).status).toBe(303);
    const thanks = await (await get(yes.headers.get('location')!)).text();
    expect(thanks).toContain('Danke für Ihre Rückmeldung!');
    expect(thanks).not.toContain('<form method="post"');
    expect(
      await t.server.useCases.uow.repos.knowledge.feedbackCounts(t.a.accountId, ids.shippingDe!),
    ).toEqual({
      helpful: 1,
      notHelpful: 1,
    });
    // Bad votes change nothing.
    expect((await vote('maybe')).status).toBe(400);
    expect((await vote('yes', ids.internal)).status).toBe(404);
    const oversized = await fetch(`${base}/de/articles/${ids.shippingDe}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `helpful=yes&q=${'x'.repeat(10_000)}`,
    });
    expect(oversized.status).toBe(413);
    expect(
      await t.server.useCases.uow.repos.knowledge.feedbackCounts(t.a.accountId, ids.shippingDe!),
    ).toEqual({
      helpful: 1,
      notHelpful: 1,
    });
  });
});
