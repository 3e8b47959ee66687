import { beforeAll, describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../text/analyzer.ts';
import type { FaqItem, FaqQuery } from './faq-data.ts';
import { evaluateFaq } from './faq-eval.ts';

const TOPICS = [
  'password reset',
  'invoice download',
  'delete account',
  'shipping costs',
  'change address',
  'cancel subscription',
  'refund policy',
  'gift cards',
];

// Each topic: two items and five paraphrased queries; a quarter of the topics leave the bank.
const items: FaqItem[] = TOPICS.flatMap((topic, t) => [
  { id: `t${t}a0`, question: `How does ${topic} work?`, answer: `All about ${topic}.`, lang: 'en' },
  { id: `t${t}a1`, question: `How does ${topic} work?`, answer: `More on ${topic} here.`, lang: 'en' },
]);
const queries: FaqQuery[] = TOPICS.flatMap((topic, t) =>
  ['help with', 'question about', 'problem with', 'how to do', 'tell me about'].map((lead, q) => ({
    id: `t${t}q${q}`,
    text: `${lead} ${topic}`,
    relevant: [`t${t}a0`, `t${t}a1`],
    lang: 'en' as const,
  })),
);

let analyzer: TextAnalyzer;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
});

describe('evaluateFaq', () => {
  it('removes a quarter of the groups, fits on a split and reports the figures beside the peer', () => {
    const progress: string[] = [];
    const result = evaluateFaq(analyzer, items, queries, { onProgress: (m) => progress.push(m) });
    expect(result.bank).toEqual({ items: 12, removedGroups: 2, removedItems: 4 });
    expect(result.queries.fit + result.queries.evaluated).toBe(queries.length);
    expect(result.queries.answerable).toBeLessThan(result.queries.evaluated);
    expect(result.p1).toBe(1);
    expect(result.peer.p1).toBeGreaterThan(0);
    for (const key of ['p1', 'p5', 'map', 'mrr', 'msPerQuery', 'answeredPrecision', 'coverage'] as const)
      expect(result[key]).toBeGreaterThanOrEqual(0);
    expect(result.split).toContain('fnv1a');
    expect(progress.length).toBeGreaterThan(3);
  });
});
