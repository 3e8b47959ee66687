import { describe, expect, it } from 'vitest';
import type { Article, KnowledgeRepository } from '@sofortdesk/domain';
import { PublicArticleSearch } from './knowledge-search.ts';

const article = (id: string, title: string, version = 1): Article => ({
  id,
  accountId: 'acc',
  collectionId: 'col',
  translationGroup: id,
  language: 'de',
  title,
  body: '',
  alternativeQuestions: [],
  tags: [],
  visibility: 'public',
  version,
  createdAt: '2026-11-23T00:00:00.000Z',
  updatedAt: '2026-11-23T00:00:00.000Z',
  updatedBy: 'u',
});

describe('PublicArticleSearch', () => {
  it('finds public articles, asks the database at most every few seconds, and rebuilds after a change', async () => {
    let articles = [article('a1', 'Wie lange dauert die Lieferung?'), article('a2', 'Wie storniere ich?')];
    let reads = 0;
    const repos = {
      knowledge: {
        listArticles: () => {
          reads++;
          return Promise.resolve(articles);
        },
      } as unknown as KnowledgeRepository,
    };
    let clock = 0;
    const search = new PublicArticleSearch(repos, { freshForMs: 5000, now: () => clock });
    expect((await search.search('acc', 'Lieferung', 'de')).map((a) => a.id)).toEqual(['a1']);
    clock = 4000;
    await search.search('acc', 'stornieren', 'de');
    expect(reads).toBe(1);

    articles = [...articles, article('a3', 'Wo finde ich meine Rechnung?')];
    // Within the window the new article is not found yet; after it, it is.
    expect((await search.search('acc', 'Rechnung', 'de')).map((a) => a.id)).not.toContain('a3');
    clock = 6000;
    expect((await search.search('acc', 'Rechnung', 'de')).map((a) => a.id)[0]).toBe('a3');
    expect(reads).toBe(2);
  }, 20_000);
});
