import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article, KnowledgeRepository } from '@sofortdesk/domain';
import { EngineKnowledgeAnswering } from '../knowledge-answering.ts';
import { PublicArticleSearch } from '../knowledge-search.ts';
import { EmbeddingSignals, textOf } from './embedding-signals.ts';
import {
  FAKE_DIMENSIONS,
  startFakeEmbeddingsEndpoint,
  type FakeEmbeddingsEndpoint,
} from './fake-embeddings-endpoint.ts';
import { OpenAiEmbeddings } from './openai-embeddings.ts';

const KEY = 'sk-never-in-a-log-42';
let sequence = 0;
const article = (title: string, body: string): Article => {
  const id = `e${++sequence}`;
  return {
    id,
    accountId: 'acc',
    collectionId: 'col',
    translationGroup: id,
    language: 'de',
    title,
    body,
    alternativeQuestions: [],
    tags: [],
    visibility: 'public',
    version: 1,
    createdAt: '2026-11-23T00:00:00.000Z',
    updatedAt: '2026-11-23T00:00:00.000Z',
    updatedBy: 'u',
  };
};

// Two articles that the question's words fit about equally: only meaning tells them apart.
const APP = article(
  'Passwort ändern in der App',
  'Öffnen Sie in der App die Einstellungen und ändern Sie das Passwort.',
);
const WEB = article(
  'Passwort ändern auf der Website',
  'Öffnen Sie auf der Website die Einstellungen und ändern Sie das Passwort.',
);
const OTHER = article('Rechnung herunterladen', 'Die Rechnung steht im Kundenkonto als PDF.');
const ARTICLES = [APP, WEB, OTHER];
const QUESTION = 'Wie kann ich mein Passwort ändern?';

const axis = (i: number) => Array.from({ length: FAKE_DIMENSIONS }, (_, j) => (j === i ? 1 : 0));
const near = (i: number) => axis(i).map((value, j) => (j === 5 ? 0.1 : value));

const repos = {
  knowledge: {
    listArticles: () => Promise.resolve(ARTICLES),
  } as unknown as KnowledgeRepository,
};
const settings = {
  autoAnswers: { getSettings: () => Promise.resolve({ enabled: true, precisionTarget: 0.95 }) } as never,
};

class Warnings {
  readonly lines: { details: Record<string, unknown>; message: string }[] = [];
  warn(details: Record<string, unknown>, message: string) {
    this.lines.push({ details, message });
  }
}

let endpoint: FakeEmbeddingsEndpoint;
let dataDir: string;
beforeAll(async () => {
  endpoint = await startFakeEmbeddingsEndpoint();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  endpoint.requests.length = 0;
  endpoint.mode = 'ok';
  endpoint.overrides.clear();
  endpoint.overrides.set(textOf(APP), axis(0));
  endpoint.overrides.set(textOf(WEB), axis(1));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-embeddings-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const signals = (warnings = new Warnings(), options: { now?: () => number } = {}) =>
  new EmbeddingSignals(new OpenAiEmbeddings({ url: endpoint.url, model: 'fake-bow', apiKey: KEY }), {
    dataDir,
    logger: warnings,
    queryTimeoutMs: 300,
    ...options,
  });

/** Searches once so the index is built and its articles queued, then waits for their vectors. */
async function ready(search: PublicArticleSearch, embeddings: EmbeddingSignals) {
  await search.indexFor('acc', 'agent');
  await embeddings.settled();
}

const topOf = async (answering: EngineKnowledgeAnswering) =>
  (await answering.assess('acc', QUESTION, { audience: 'agent' })).suggestions.map((s) => s.articleId);

describe('the embedding signal in the server', () => {
  it('changes a ranking when configured, and nothing when not', async () => {
    const lexical = await topOf(new EngineKnowledgeAnswering(new PublicArticleSearch(repos), settings));
    expect(lexical.slice(0, 2).sort()).toEqual([APP.id, WEB.id].sort());

    const embeddings = signals();
    const search = new PublicArticleSearch(repos, { embeddings });
    const answering = new EngineKnowledgeAnswering(search, settings);
    await ready(search, embeddings);
    expect(embeddings.embeddedCount((await search.indexFor('acc', 'agent')).vectorKeys!)).toBe(3);

    endpoint.overrides.set(QUESTION, near(0));
    expect((await topOf(answering))[0]).toBe(APP.id);
    // Another process (a fresh query cache) with the question meaning the website.
    const other = signals();
    const otherSearch = new PublicArticleSearch(repos, { embeddings: other });
    await ready(otherSearch, other);
    endpoint.overrides.set(QUESTION, near(1));
    expect((await topOf(new EngineKnowledgeAnswering(otherSearch, settings)))[0]).toBe(WEB.id);
    // The help centre's search takes the same signal.
    expect((await otherSearch.search('acc', QUESTION, 'de'))[0]?.id).toBe(WEB.id);
  });

  it('embeds an article once per content (kept in DATA_DIR across restarts), again only when it changes', async () => {
    const first = signals();
    first.track(ARTICLES);
    await first.settled();
    const articleRequests = endpoint.requests.length;
    expect(articleRequests).toBe(1);
    first.track(ARTICLES);
    await first.settled();
    expect(endpoint.requests).toHaveLength(articleRequests);

    const restarted = signals();
    const keys = restarted.track(ARTICLES);
    await restarted.settled();
    expect(endpoint.requests).toHaveLength(articleRequests);
    expect(restarted.embeddedCount(keys)).toBe(3);

    const changed = { ...OTHER, body: `${OTHER.body} Auch als E-Mail.` };
    restarted.track([APP, WEB, changed]);
    await restarted.settled();
    expect(endpoint.requests.at(-1)!.input).toEqual([textOf(changed)]);
  });

  it('degrades to the lexical ranking when the endpoint fails, with one warning a minute and never the key', async () => {
    const lexical = await new EngineKnowledgeAnswering(new PublicArticleSearch(repos), settings).assess(
      'acc',
      QUESTION,
      { audience: 'agent' },
    );
    let now = 1_000_000;
    const warnings = new Warnings();
    const embeddings = signals(warnings, { now: () => now });
    const search = new PublicArticleSearch(repos, { embeddings });
    const answering = new EngineKnowledgeAnswering(search, settings);
    endpoint.mode = 503;
    await ready(search, embeddings);
    for (const question of [QUESTION, `${QUESTION} `, `${QUESTION}?`]) {
      const assessment = await answering.assess('acc', question, { audience: 'agent' });
      expect(assessment.suggestions.map((s) => s.articleId)).toEqual(
        lexical.suggestions.map((s) => s.articleId),
      );
    }
    expect(await answering.assess('acc', QUESTION, { audience: 'agent' })).toEqual(lexical);
    expect(warnings.lines).toHaveLength(1);
    expect(warnings.lines[0]!.details.reason).toMatch(/HTTP 503/);

    // A slow endpoint: the question does not wait for it beyond its limit.
    endpoint.mode = 'hang';
    now += 61_000;
    const started = performance.now();
    expect(await answering.assess('acc', 'Passwort ändern bitte', { audience: 'agent' })).toMatchObject({
      decision: expect.any(String),
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(warnings.lines).toHaveLength(2);
    // The four questions after the articles' failure were counted, not logged.
    expect(warnings.lines[1]!.details.suppressed).toBe(4);
    expect(JSON.stringify(warnings.lines)).not.toContain(KEY);
    // Right after a failure, questions do not wait for the endpoint at all (a gap report asks thousands).
    const requests = endpoint.requests.length;
    await answering.assess('acc', 'Passwort ändern, schnell', { audience: 'agent' });
    expect(endpoint.requests).toHaveLength(requests);

    // Back up: the articles that failed are embedded after all.
    endpoint.mode = 'ok';
    now += 61_000;
    await answering.assess('acc', 'Rechnung herunterladen', { audience: 'agent' });
    await embeddings.settled();
    expect(embeddings.embeddedCount((await search.indexFor('acc', 'agent')).vectorKeys!)).toBe(3);
  });

  it('skips a torn line in the vector file', async () => {
    const embeddings = signals();
    embeddings.track(ARTICLES);
    await embeddings.settled();
    const [file] = fs.readdirSync(path.join(dataDir, 'embeddings'));
    fs.appendFileSync(path.join(dataDir, 'embeddings', file!), '{"key":"abc","vector":"AAAA');
    const restarted = signals();
    expect(restarted.embeddedCount(restarted.track(ARTICLES))).toBe(3);
  });
});
