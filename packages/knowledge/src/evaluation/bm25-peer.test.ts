import { describe, expect, it } from 'vitest';
import { Bm25Peer } from './bm25-peer.ts';
import type { FaqItem } from './faq-data.ts';

const item = (id: string, question: string, lang: 'de' | 'en' = 'en'): FaqItem => ({
  id,
  lang,
  question,
  answer: '',
});

describe('Bm25Peer', () => {
  it('drops stopwords, as the reference figures were measured: "how do I" decides nothing', () => {
    const peer = new Bm25Peer(
      [item('how', 'How do I do it and how is it done?'), item('delete', 'Deleting an account')],
      'en',
    );
    expect(peer.rank('how do I delete it', 10)).toEqual(['delete']);
  });

  it('drops German stopwords written with umlauts ("für") and stems the rest', () => {
    const peer = new Bm25Peer(
      [item('fur', 'Für wen ist das für?', 'de'), item('rechnung', 'Rechnungen herunterladen', 'de')],
      'de',
    );
    expect(peer.rank('Rechnung für mich', 10)).toEqual(['rechnung']);
  });
});
