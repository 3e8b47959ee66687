import { beforeAll, describe, expect, it } from 'vitest';
import { fitCalibration, probabilityOf, usesSimilarity } from '../answer/calibration.ts';
import { DEFAULT_CALIBRATION } from '../answer/default-calibration.ts';
import { evaluateFaq } from '../evaluation/faq-eval.ts';
import type { FaqItem, FaqQuery } from '../evaluation/faq-data.ts';
import { TextAnalyzer } from '../text/analyzer.ts';
import type { KnowledgeItem } from '../types.ts';
import { cosine, KnowledgeIndex, type EmbeddingSignal, type SearchResult } from './knowledge-index.ts';

// Two items that answer "change my password" about equally well by their words.
const ITEMS: KnowledgeItem[] = [
  {
    id: 'password-web',
    language: 'en',
    title: 'Change your password on the website',
    body: 'Open Settings on the website and choose a new password.',
  },
  {
    id: 'password-app',
    language: 'en',
    title: 'Change your password in the app',
    body: 'Open Settings in the app and choose a new password.',
  },
  { id: 'shipping', language: 'en', title: 'Shipping to Austria', body: 'We ship with DHL.' },
];

const unit = (...values: number[]) => Float32Array.from(values);
/** Hand-made vectors: the query means the app. */
const VECTORS = new Map<string, Float32Array>([
  ['password-web', unit(0, 1, 0)],
  ['password-app', unit(1, 0, 0)],
  ['shipping', unit(0, 0, 1)],
]);
const signal = (query: Float32Array, vectors = VECTORS): EmbeddingSignal => ({
  query,
  vectorOf: (id) => vectors.get(id),
});

let analyzer: TextAnalyzer;
let index: KnowledgeIndex;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
  index = KnowledgeIndex.build(analyzer, ITEMS);
});

const QUESTION = 'How do I change my password?';

describe('the embedding signal', () => {
  it('reorders close candidates towards the one whose vector is nearest the query', () => {
    const lexical = index.search(QUESTION);
    const ids = lexical.hits.map((hit) => hit.id);
    expect(ids.slice(0, 2).sort()).toEqual(['password-app', 'password-web']);
    const towardsApp = index.search(QUESTION, { embedding: signal(unit(1, 0.1, 0)) });
    const towardsWeb = index.search(QUESTION, { embedding: signal(unit(0.1, 1, 0)) });
    expect(towardsApp.hits[0]!.id).toBe('password-app');
    expect(towardsWeb.hits[0]!.id).toBe('password-web');
    expect(towardsApp.topSimilarity).toBeCloseTo(cosine(unit(1, 0.1, 0), unit(1, 0, 0)), 6);
    expect(towardsApp.similarityMargin).toBeGreaterThan(0.8);
  });

  it('does not overrule a clear lexical winner', () => {
    // The query's vector points at "shipping", but its words are all about the password.
    const result = index.search(QUESTION, { embedding: signal(unit(0, 0, 1)) });
    expect(result.hits[0]!.id).not.toBe('shipping');
  });

  it('changes nothing when not given, or when no candidate has a vector', () => {
    const plain = index.search(QUESTION);
    expect(index.search(QUESTION, { embedding: undefined })).toEqual(plain);
    const none = index.search(QUESTION, { embedding: signal(unit(1, 0, 0), new Map()) });
    expect(none).toEqual(plain);
    expect(plain.topSimilarity).toBeUndefined();
    expect('topSimilarity' in plain).toBe(false);
  });

  it('leaves items without a vector (not embedded yet) where their words put them', () => {
    const onlyApp = new Map([['password-app', unit(1, 0, 0)]]);
    const result = index.search(QUESTION, { embedding: signal(unit(0, 1, 0), onlyApp) });
    const plain = index.search(QUESTION);
    // One vector: it is the mean, so it moves nothing; the cosine is still reported.
    expect(result.hits).toEqual(plain.hits);
    expect(result.topSimilarity === undefined || Number.isFinite(result.topSimilarity)).toBe(true);
  });

  it('scores vectors of another length (another model) as unrelated, never NaN', () => {
    expect(cosine(unit(1, 0), unit(1, 0, 0))).toBe(0);
    expect(cosine(unit(0, 0, 0), unit(1, 0, 0))).toBe(0);
    const result = index.search(QUESTION, { embedding: signal(unit(1, 0)) });
    expect(result.hits.every((hit) => Number.isFinite(hit.score))).toBe(true);
  });
});

describe('calibration with the embedding features', () => {
  const result = (first: number, second: number, similarity?: number): SearchResult => ({
    language: 'en',
    termCount: 3,
    hits: [
      { id: 'a', score: first },
      { id: 'b', score: second },
    ],
    topCoverage: 0.8,
    topQuestionCoverage: 0.8,
    ...(similarity === undefined ? {} : { topSimilarity: similarity, similarityMargin: similarity - 0.3 }),
  });

  it('the shipped default reads only the lexical features', () => {
    expect(usesSimilarity(DEFAULT_CALIBRATION)).toBe(false);
    expect(probabilityOf(DEFAULT_CALIBRATION, result(8, 4, 0.9))).toBe(
      probabilityOf(DEFAULT_CALIBRATION, result(8, 4)),
    );
  });

  it('is fitted with them when the searches had the signal, and learns from them', () => {
    // Same words, different meaning: only the similarity tells right from wrong.
    const examples = Array.from({ length: 80 }, (_, i) => ({
      result: result(8 + (i % 3), 4, i % 2 === 0 ? 0.8 + (i % 5) / 50 : 0.3 + (i % 5) / 50),
      isCorrect: i % 2 === 0,
    }));
    const model = fitCalibration(examples);
    expect(usesSimilarity(model)).toBe(true);
    expect(probabilityOf(model, result(9, 4, 0.85))).toBeGreaterThan(0.8);
    expect(probabilityOf(model, result(9, 4, 0.3))).toBeLessThan(0.2);
    // The endpoint was down for this query: no evidence either way, not an error.
    const missing = probabilityOf(model, result(9, 4));
    expect(missing).toBeGreaterThan(0.2);
    expect(missing).toBeLessThan(0.8);

    const lexicalOnly = fitCalibration(examples.map((e) => ({ ...e, result: result(8, 4) })));
    expect(usesSimilarity(lexicalOnly)).toBe(false);
  });
});

describe('the FAQ evaluation', () => {
  const items: FaqItem[] = [
    ...ITEMS.map((item) => ({ id: item.id, question: item.title, answer: item.body, lang: item.language })),
    ...Array.from({ length: 12 }, (_, i) => ({
      id: `topic-${i}`,
      question: `Question about topic ${i} number ${i * 7}`,
      answer: `Answer ${i}: the topic ${i} is explained here with detail ${i * 3}.`,
      lang: 'en' as const,
    })),
  ];
  const queries: FaqQuery[] = Array.from({ length: 30 }, (_, i) => ({
    id: `q${i}`,
    text: i % 3 === 0 ? QUESTION : `topic ${i % 12} number ${(i % 12) * 7}?`,
    relevant: [i % 3 === 0 ? 'password-app' : `topic-${i % 12}`],
    lang: 'en' as const,
  }));
  const stable = (evaluation: ReturnType<typeof evaluateFaq>) => {
    const strip = <T extends { msPerQuery: number; p95Ms: number }>(figures: T) => {
      const { msPerQuery: _m, p95Ms: _p, ...rest } = figures;
      return rest;
    };
    const { indexMs: _i, learning, peer, ...rest } = evaluation;
    return { ...strip(rest), learning: strip(learning), peer: strip(peer) };
  };

  it('is exactly the lexical one without vectors', () => {
    const plain = evaluateFaq(analyzer, items, queries);
    expect(stable(evaluateFaq(analyzer, items, queries, { embeddings: undefined }))).toEqual(stable(plain));
    expect(plain.embeddings).toBeUndefined();
  });

  it('uses the vectors it is given and says how many it had', () => {
    const itemVectors = new Map(items.map((item) => [item.id, VECTORS.get(item.id) ?? unit(0, 0, 1)]));
    const queryVectors = new Map(queries.map((query) => [query.id, unit(1, 0, 0)]));
    const withVectors = evaluateFaq(analyzer, items, queries, {
      embeddings: { items: itemVectors, queries: queryVectors },
    });
    expect(withVectors.embeddings?.queries).toBe(queries.length);
    expect(withVectors.embeddings?.items).toBe(withVectors.bank.items);
  });
});
