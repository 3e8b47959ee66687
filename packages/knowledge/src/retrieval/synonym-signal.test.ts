import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../text/analyzer.ts';
import { BilingualDictionary } from '../text/bilingual-dictionary.ts';
import { Thesaurus } from '../text/thesaurus.ts';
import type { KnowledgeItem } from '../types.ts';
import { DEFAULT_WEIGHTS, KnowledgeIndex } from './knowledge-index.ts';

// "remove" → "delete" (and "erase"), as the shipped thesaurus would say it.
const THESAURUS = Thesaurus.parse('@en\nremov\tdelet:80 eras:40\n@de\nentfern\tlosch:50\n');
const withSynonyms = new TextAnalyzer(undefined, BilingualDictionary.empty, THESAURUS);
const without = new TextAnalyzer();

// "delete" and "upload" differ only in the word the question does not use (same lengths everywhere).
const ITEMS: KnowledgeItem[] = [
  { id: 'delete', language: 'en', title: 'Delete a photo', body: 'Tap the bins.' },
  { id: 'upload', language: 'en', title: 'Upload a photo', body: 'Tap the plus.' },
  { id: 'both', language: 'en', title: 'Delete or erase a photo', body: 'Tap the bins.' },
  { id: 'loschen', language: 'de', title: 'Ein Foto löschen', body: 'Tippe auf den Eimer.' },
  { id: 'hochladen', language: 'de', title: 'Ein Foto hochladen', body: 'Tippe auf das Plus.' },
];

const scores = (analyzer: TextAnalyzer, text: string, language: 'de' | 'en' = 'en', synonym = 0.5) => {
  // The signal is off by default (`DEFAULT_WEIGHTS.synonym`); these tests turn it on. The language
  // is given: two words are too few to detect it, and text of unknown language gets no synonyms.
  const index = KnowledgeIndex.build(analyzer, ITEMS, { weights: { synonym } });
  const result = index.search(text, { language });
  return { result, of: (id: string) => result.hits.find((hit) => hit.id === id)?.score ?? 0 };
};

describe('synonym signal', () => {
  it('finds an item that says "delete" for a question about removing, which plain stems cannot tell apart', () => {
    const plain = scores(without, 'how do I remove a photo');
    // Only character n-grams of "bins" and "plus" tell them apart.
    expect(Math.abs(plain.of('delete') - plain.of('upload'))).toBeLessThan(0.01);
    const expanded = scores(withSynonyms, 'how do I remove a photo');
    expect(expanded.result.hits[0]?.id).toMatch(/^(delete|both)$/);
    expect(expanded.of('delete')).toBeGreaterThan(expanded.of('upload') + 0.1);
  });

  it('counts a synonym for the coverage a calibration reads', () => {
    const plain = scores(without, 'remove photo');
    const expanded = scores(withSynonyms, 'remove photo');
    expect(expanded.result.hits[0]?.id).toMatch(/^(delete|both)$/);
    expect(expanded.result.topCoverage).toBeCloseTo(1, 6);
    expect(expanded.result.topQuestionCoverage).toBeCloseTo(1, 6);
    expect(plain.result.topCoverage).toBeLessThan(1);
  });

  it('counts only the best of a stem and its synonyms per item: two synonyms are no double evidence', () => {
    const plain = scores(without, 'remove photo');
    const expanded = scores(withSynonyms, 'remove photo');
    const gain = (id: string) => expanded.of(id) - plain.of(id);
    // "both" says "delete" and "erase": it gains, but no more than "delete" (less: its longer title).
    expect(gain('both')).toBeGreaterThan(0);
    expect(gain('both')).toBeLessThanOrEqual(gain('delete'));
  });

  it('works in German, and the weight 0 (the default) turns it off', () => {
    const german = scores(withSynonyms, 'Wie kann ich ein Foto entfernen?', 'de');
    expect(german.result.hits[0]?.id).toBe('loschen');
    const off = scores(withSynonyms, 'how do I remove a photo', 'en', 0);
    expect(DEFAULT_WEIGHTS.synonym).toBe(0);
    expect(Math.abs(off.of('delete') - off.of('upload'))).toBeLessThan(0.01);
  });
});
