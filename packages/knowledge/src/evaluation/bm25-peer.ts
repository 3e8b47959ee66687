/**
 * The peer the engine is measured against: plain BM25 as a well-kept library does it (MiniSearch),
 * with Snowball stemming and the question field boosted ×3, and no other signal.
 */
import MiniSearch from 'minisearch';
import snowball from 'snowball-stemmers';
import type { Language } from '../text/language-codes.ts';
import type { FaqItem } from './faq-data.ts';

export class Bm25Peer {
  private readonly search: MiniSearch<FaqItem>;

  constructor(items: readonly FaqItem[], language: Language) {
    const stemmer = snowball.newStemmer(language === 'de' ? 'german' : 'english');
    this.search = new MiniSearch<FaqItem>({
      fields: ['question', 'answer'],
      processTerm: (term) => stemmer.stem(term.toLowerCase()),
      searchOptions: { boost: { question: 3 } },
    });
    this.search.addAll(items);
  }

  rank(text: string, limit: number): string[] {
    return this.search
      .search(text)
      .slice(0, limit)
      .map((hit) => String(hit.id));
  }
}
