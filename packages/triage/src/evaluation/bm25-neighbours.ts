/**
 * The peer the intent classifier is measured against: BM25 nearest neighbours (MiniSearch with
 * Snowball stemming) over the training examples. The top hits vote for their labels with their
 * scores; the confidence is the winning label's share of the top hits' scores.
 */
import MiniSearch from 'minisearch';
import snowball from 'snowball-stemmers';
import type { LabelledText } from '../intent-classifier.ts';

const NEIGHBOURS = 10;

export class Bm25Neighbours {
  private readonly search: MiniSearch<{ id: number; text: string }>;

  constructor(private readonly examples: readonly LabelledText[]) {
    const stemmer = snowball.newStemmer('english');
    this.search = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      processTerm: (term) => stemmer.stem(term.toLowerCase()),
    });
    this.search.addAll(examples.map((e, id) => ({ id, text: e.text })));
  }

  classify(text: string): { label: string | null; confidence: number } {
    const hits = this.search.search(text).slice(0, NEIGHBOURS);
    if (!hits.length) return { label: null, confidence: 0 };
    const votes = new Map<string, number>();
    let total = 0;
    for (const hit of hits) {
      const label = this.examples[hit.id as number]!.label;
      votes.set(label, (votes.get(label) ?? 0) + hit.score);
      total += hit.score;
    }
    // The top hit's label wins (nearest neighbour); the vote share is its confidence.
    const label = this.examples[hits[0]!.id as number]!.label;
    return { label, confidence: votes.get(label)! / total };
  }
}
