/**
 * The optional embedding signal, wired end to end on both databases: with SOFORTDESK_EMBEDDINGS_URL
 * set (here a loopback endpoint with deterministic vectors), the server embeds an account's articles
 * when its index is built, keeps the vectors in DATA_DIR, embeds the question of a suggestion request
 * with the configured key and model, and the ranking follows the vectors where the words are equal;
 * with the endpoint down, suggestions are still answered, ranked by their words alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import {
  FAKE_DIMENSIONS,
  startFakeEmbeddingsEndpoint,
  type FakeEmbeddingsEndpoint,
} from '../apps/server/src/embeddings/fake-embeddings-endpoint.ts';
import { api, startTestServer, type TestServer } from './support/server.ts';

const KEY = 'sk-system-test-secret';
const axis = (i: number) => Array.from({ length: FAKE_DIMENSIONS }, (_, j) => (j === i ? 1 : 0));

async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('embedding signal', (database) => {
  let t: TestServer;
  let endpoint: FakeEmbeddingsEndpoint;
  let app: string;
  let web: string;
  let seq = 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-embeddings-'));

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);

  async function suggest(text: string) {
    const asked = await admin('POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `embedding-${++seq}`,
      contact: { identifier: `embedding-${seq}` },
      text,
    });
    expect(asked.status).toBe(201);
    const response = await api(
      t.url,
      t.a.agentToken,
      'GET',
      `/api/v1/conversations/${asked.body.conversationId}/suggestions`,
    );
    expect(response.status).toBe(200);
    return response.body as { suggestions: { articleId: string }[] };
  }

  beforeAll(async () => {
    endpoint = await startFakeEmbeddingsEndpoint();
    t = await startTestServer(database, {
      SOFORTDESK_EMBEDDINGS_URL: endpoint.url,
      SOFORTDESK_EMBEDDINGS_MODEL: 'fake-bow',
      SOFORTDESK_EMBEDDINGS_API_KEY: KEY,
      DATA_DIR: dataDir,
    });
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
    app = await article('Passwort ändern in der App', 'In der App unter Einstellungen das Passwort ändern.');
    web = await article(
      'Passwort ändern auf der Website',
      'Auf der Website unter Einstellungen das Passwort ändern.',
    );
    endpoint.overrides.set(
      'Passwort ändern in der App\nIn der App unter Einstellungen das Passwort ändern.',
      axis(0),
    );
    endpoint.overrides.set(
      'Passwort ändern auf der Website\nAuf der Website unter Einstellungen das Passwort ändern.',
      axis(1),
    );
  });
  afterAll(async () => {
    await t?.close();
    await endpoint?.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds articles and questions with the configured key, keeps the vectors, and ranks by them', async () => {
    // The first request builds the index and queues the articles' vectors.
    await suggest('Passwort ändern');
    const embeddedArticles = () =>
      endpoint.requests.flatMap((r) => r.input).filter((text) => text.startsWith('Passwort ändern ')).length;
    expect(await eventually(embeddedArticles, (n) => n >= 2)).toBeGreaterThanOrEqual(2);
    expect(
      endpoint.requests.every((r) => r.authorization === `Bearer ${KEY}` && r.model === 'fake-bow'),
    ).toBe(true);
    const dir = path.join(dataDir, 'embeddings');
    expect(fs.readdirSync(dir).some((file) => file.endsWith('.jsonl'))).toBe(true);

    const towardsApp = 'Wie ändere ich das Passwort, Variante A?';
    const towardsWeb = 'Wie ändere ich das Passwort, Variante B?';
    endpoint.overrides.set(towardsApp, axis(0));
    endpoint.overrides.set(towardsWeb, axis(1));
    expect((await suggest(towardsApp)).suggestions[0]?.articleId).toBe(app);
    expect((await suggest(towardsWeb)).suggestions[0]?.articleId).toBe(web);
  });

  it('answers suggestions by their words when the endpoint fails', async () => {
    endpoint.mode = 500;
    try {
      const result = await suggest('Wie ändere ich mein Passwort bitte?');
      expect(result.suggestions.map((s) => s.articleId).sort()).toEqual([app, web].sort());
    } finally {
      endpoint.mode = 'ok';
    }
  });
});
