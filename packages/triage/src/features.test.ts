import { TextAnalyzer } from '@sofortdesk/knowledge';
import { describe, expect, it } from 'vitest';
import { extractFeatures, Vocabulary } from './features.ts';

const analyzer = new TextAnalyzer();

describe('extractFeatures', () => {
  it('has stem unigrams, stem bigrams and character 3-5-grams of the folded text', () => {
    const bag = extractFeatures(analyzer, 'Cancel my Bookings', 'en');
    expect(bag.words).toContain('w:cancel');
    expect(bag.words).toContain('w:book');
    expect(bag.words).toContain('b:cancel book');
    expect(bag.words).not.toContain('w:my'); // a stopword: only the character n-grams keep it
    expect(bag.chars).toContain(' my');
    expect(bag.chars).toContain('book');
    expect(bag.chars).toContain('booki');
    expect(bag.chars.every((f) => f.length >= 3 && f.length <= 5)).toBe(true);
  });

  it('adds the folded words with their stopwords and bigrams when asked', () => {
    const bag = extractFeatures(analyzer, 'How do I cancel?', 'en', { rawUnigrams: true, rawBigrams: true });
    expect(bag.words).toEqual(expect.arrayContaining(['u:how', 'u:do', 'u:i', 'r:how do', 'r:i cancel']));
    expect(extractFeatures(analyzer, 'How do I cancel?', 'en').words).not.toContain('u:how');
  });

  it('folds umlauts, so both spellings share features', () => {
    const a = extractFeatures(analyzer, 'Rückerstattung', 'de');
    const b = extractFeatures(analyzer, 'ruckerstattung', 'de');
    expect(a).toEqual(b);
  });
});

describe('Vocabulary', () => {
  it('keeps word features, character n-grams seen twice, and a bias column', () => {
    const bags = [
      extractFeatures(analyzer, 'refund please', 'en'),
      extractFeatures(analyzer, 'refund now', 'en'),
    ];
    const vocabulary = Vocabulary.build(bags, 2);
    const vector = vocabulary.vectorize(extractFeatures(analyzer, 'refund please', 'en'));
    // The bias is the last column and 1.
    expect(vector.indices.at(-1)).toBe(vocabulary.size);
    expect(vector.values.at(-1)).toBe(1);
    // Each group has unit length: the values of the word group square-sum to 1.
    const words = Vocabulary.build(bags, 99); // no character n-gram survives
    const v = words.vectorize(bags[0]!);
    const sum = [...v.values].slice(0, -1).reduce((s, x) => s + x * x, 0);
    expect(sum).toBeCloseTo(1, 5);
    // Unknown features are dropped.
    expect(vocabulary.vectorize(extractFeatures(analyzer, 'zzzz', 'en')).indices.length).toBe(1);
  });

  it('weights features by idf: one every example has counts less than a rare one', () => {
    const bags = ['refund please', 'refund now', 'refund today'].map((t) => ({
      words: t.split(' ').map((w) => `w:${w}`),
      chars: [],
    }));
    const vocabulary = Vocabulary.build(bags, 2, { idf: true });
    const vector = vocabulary.vectorize(bags[0]!);
    const value = (i: number) => vector.values[i]!;
    // refund (in all three) < please (in one); the group still has unit length.
    expect(value(0)).toBeLessThan(value(1));
    expect(value(0) ** 2 + value(1) ** 2).toBeCloseTo(1, 5);
    // Without idf both weigh the same.
    const flat = Vocabulary.build(bags, 2).vectorize(bags[0]!);
    expect(flat.values[0]).toBeCloseTo(flat.values[1]!, 6);
    // Extra features keep their own value.
    const extra = vocabulary.withExtra(['lex:positive']).vectorize(bags[0]!, 1, { 'lex:positive': 0.5 });
    expect(extra.values.at(-2)).toBe(0.5);
  });
});
