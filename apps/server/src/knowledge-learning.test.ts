/**
 * The engine's indexes learn from the account's training pairs (knowledge-search.ts with
 * packages/knowledge answer/account-model.ts): new pairs are picked up on the next freshness check
 * (another process learned them) or at once after invalidate(), and enough labelled pairs give the
 * account its own calibration.
 */
import { describe, expect, it } from 'vitest';
import type {
  Article,
  KnowledgeRepository,
  KnowledgeTrainingPair,
  TrainingPairRepository,
} from '@sofortdesk/domain';
import { PublicArticleSearch } from './knowledge-search.ts';

const article = (id: string, title: string, body: string): Article => ({
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
});

const ARTICLES = [
  article('returns', 'Rückgabe und Umtausch', 'Innerhalb von 30 Tagen nehmen wir Artikel zurück.'),
  article('shipping', 'Wie lange dauert der Versand?', 'Innerhalb Deutschlands 2–3 Werktage.'),
];

function setup() {
  const pairs: KnowledgeTrainingPair[] = [];
  const repos = {
    knowledge: { listArticles: () => Promise.resolve(ARTICLES) } as unknown as KnowledgeRepository,
    trainingPairs: {
      list: (accountId: string) => Promise.resolve(pairs.filter((p) => p.accountId === accountId)),
    } as unknown as TrainingPairRepository,
  };
  let clock = 0;
  const search = new PublicArticleSearch(repos, { freshForMs: 5000, now: () => clock });
  const add = (question: string, articleId: string, label: 'positive' | 'negative' = 'positive') =>
    pairs.push({
      id: `p${pairs.length}`,
      accountId: 'acc',
      articleId,
      question,
      source: 'resolved',
      label,
      createdAt: '2026-11-23T00:00:00.000Z',
    });
  return { search, add, advance: (ms: number) => (clock += ms) };
}

describe('learning in the account indexes', () => {
  it('learns new pairs after the freshness window, or at once after invalidate', async () => {
    const { search, add, advance } = setup();
    const top = async () => (await search.search('acc', 'Das Sofa passt nicht ins Wohnzimmer', 'de'))[0]?.id;
    expect(await top()).toBeUndefined();
    add('Der Tisch passt nicht in die Küche', 'returns');
    add('Die Kommode passt nicht ins Wohnzimmer', 'returns');
    expect(await top()).toBeUndefined();
    advance(6000);
    expect(await top()).toBe('returns');

    add('Das Sofa ist zu groß für das Wohnzimmer', 'shipping', 'negative');
    search.invalidate('acc');
    const { model } = await search.indexFor('acc');
    expect(model.learnedPairs).toBe(2);
    expect(model.calibration).toBe('default');
  }, 20_000);

  it('gives the account its own calibration once it has enough labelled pairs', async () => {
    const { search, add } = setup();
    for (let i = 0; i < 25; i++) {
      add(`Kann ich den Artikel a${i} zurückgeben?`, 'returns');
      // Customers said the shipping article did not help with these: wrong top hits.
      add(`Versand nach Ort b${i} dauert wie lange?`, 'shipping', 'negative');
    }
    const { model } = await search.indexFor('acc');
    expect(model.calibration).toBe('account');
    expect(model.labelledExamples).toBeGreaterThanOrEqual(40);
  }, 20_000);
});
