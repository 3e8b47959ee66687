import { describe, expect, it } from 'vitest';
import { DataError, parseFaqItems, parseFaqQueries } from './faq-data.ts';
import { removedGroups } from './faq-eval.ts';
import { scoreRanking, stableHash } from './metrics.ts';

describe('FAQ data', () => {
  it('parses JSON Lines and names the line of a bad record', () => {
    const good = '{"id":"a","question":"q","answer":"x","lang":"de"}\n\n';
    expect(parseFaqItems(good, 'faq.jsonl')).toHaveLength(1);
    expect(() => parseFaqItems(`${good}{oops`, 'faq.jsonl')).toThrow(
      new DataError('faq.jsonl, line 3: not valid JSON'),
    );
    expect(() => parseFaqQueries('{"id":"q","text":"t","relevant":"a","lang":"en"}', 'q.jsonl')).toThrow(
      /q\.jsonl, line 1: "relevant" must be an array/,
    );
    expect(() => parseFaqItems('', 'empty.jsonl')).toThrow(/no records/);
  });
});

describe('metrics', () => {
  it('scores a ranking: P@1, P@5, average precision, reciprocal rank', () => {
    const scores = scoreRanking(['x', 'a', 'y', 'b'], new Set(['a', 'b']));
    expect(scores).toEqual({
      p1: 0,
      p5: 0.4,
      hit5: 1,
      averagePrecision: (1 / 2 + 2 / 4) / 2,
      reciprocalRank: 0.5,
    });
  });

  it('removes a deterministic quarter of the relevant groups', () => {
    const queries = Array.from({ length: 40 }, (_, i) => ({
      id: `q${i}`,
      text: 't',
      relevant: [`g${i % 20}`],
      lang: 'en' as const,
    }));
    const removed = removedGroups(queries);
    expect(removed.size).toBe(5);
    expect(removedGroups([...queries].reverse())).toEqual(removed);
    expect(stableHash('abc')).toBe(stableHash('abc'));
  });
});
