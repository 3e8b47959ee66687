/**
 * The public routes take no login, so they are throttled: the widget's API per visitor token (or
 * per address before a session exists), the help centre's "did this help?" votes per address.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('throttling the public routes', (database) => {
  let t: TestServer;
  let inboxId: string;

  beforeAll(async () => {
    t = await startTestServer(database, { SOFORTDESK_PUBLIC_RATE_LIMIT: '5' });
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Web',
      channel: 'webchat',
    });
    inboxId = created.body.id as string;
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('answers 429 with Retry-After past the limit, counting each visitor on their own', async () => {
    // Two sessions (2 of the address's 5), then the address's last 3 requests.
    const sessions = [];
    for (let i = 0; i < 2; i++)
      sessions.push(await api(t.url, undefined, 'POST', `/api/v1/widget/${inboxId}/sessions`, {}));
    expect(sessions.map((s) => s.status)).toEqual([201, 201]);
    for (let i = 0; i < 3; i++)
      expect((await api(t.url, undefined, 'GET', `/api/v1/widget/${inboxId}`)).status).toBe(200);
    const refused = await api(t.url, undefined, 'GET', `/api/v1/widget/${inboxId}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
    // A visitor with a session has a budget of their own, apart from the address's and each other's.
    const [first, second] = sessions.map((s) => s.body.token as string);
    for (let i = 0; i < 5; i++) {
      expect((await api(t.url, first, 'GET', `/api/v1/widget/${inboxId}/messages`)).status).toBe(200);
    }
    expect((await api(t.url, first, 'GET', `/api/v1/widget/${inboxId}/messages`)).status).toBe(429);
    expect((await api(t.url, second, 'GET', `/api/v1/widget/${inboxId}/messages`)).status).toBe(200);
    // Made-up tokens do not buy new budgets without end: they share the address's tenfold one.
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await api(t.url, `made-up-${i}`, 'GET', `/api/v1/widget/${inboxId}`)).status);
    }
    // 7 requests with tokens came before (the first visitor's 6, the refused one included, and the
    // second's 1): 43 of these 50 pass (5 × 10 = 50 in all), then 429.
    expect(statuses.filter((status) => status === 429).length).toBe(7);
    expect(statuses.indexOf(429)).toBe(43);
    expect(statuses.at(-1)).toBe(429);
    // Agents' routes are not the public throttle's business.
    expect((await api(t.url, t.a.adminToken, 'GET', '/api/v1/inboxes')).status).toBe(200);
  });

  it('takes at most 30 "did this help?" votes a minute from one address', async () => {
    const collection = await api(t.url, t.a.adminToken, 'POST', '/api/v1/knowledge/collections', {
      name: 'Hilfe',
    });
    const article = await api(t.url, t.a.adminToken, 'POST', '/api/v1/knowledge/articles', {
      collectionId: collection.body.id,
      language: 'de',
      title: 'Versand',
      visibility: 'public',
    });
    const vote = () =>
      fetch(`${t.url}/help/${t.a.accountId}/de/articles/${article.body.id}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'helpful=yes',
        redirect: 'manual',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await vote()).status);
    expect(statuses.slice(0, 30).every((status) => status === 303)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(
      await t.server.useCases.uow.repos.knowledge.feedbackCounts(t.a.accountId, article.body.id as string),
    ).toEqual({
      helpful: 30,
      notHelpful: 0,
    });
    // Reading the help centre is not throttled.
    expect((await fetch(`${t.url}/help/${t.a.accountId}/de`)).status).toBe(200);
  });
});
