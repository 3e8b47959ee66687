import { beforeAll, describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../text/analyzer.ts';
import type { KnowledgeItem } from '../types.ts';
import { KnowledgeIndex } from './knowledge-index.ts';

const ITEMS: KnowledgeItem[] = [
  {
    id: 'invoice-de',
    language: 'de',
    title: 'Wo finde ich meine Kreditkartenabrechnung?',
    body: 'Die Abrechnung steht im Kundenkonto unter Zahlungen als PDF bereit.',
  },
  {
    id: 'password-en',
    language: 'en',
    title: 'How do I reset my password?',
    alternativeQuestions: ['I forgot my password'],
    body: 'Open the login page, choose "Forgot password" and follow the link in the e-mail.',
  },
  {
    id: 'delete-en',
    language: 'en',
    title: 'Deleting your account',
    body: 'Go to Settings, then Privacy, and choose Delete account. The account is removed after 14 days.',
  },
  {
    id: 'shipping-en',
    language: 'en',
    title: 'Shipping to Switzerland and Austria',
    body: 'We ship to Switzerland and Austria with DHL within 5 working days.',
  },
  {
    id: 'theatre-en',
    language: 'en',
    title: 'Warsaw summer theatre',
    body: 'The Summer Theatre in the Saxon Garden was in operation from 1870 to 1939.',
  },
];

let analyzer: TextAnalyzer;
let index: KnowledgeIndex;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
  index = KnowledgeIndex.build(analyzer, ITEMS);
});

const top = (text: string, target = index) => target.search(text).hits[0]?.id;

describe('KnowledgeIndex', () => {
  it('ranks the item that answers the question first', () => {
    expect(top('I cannot remember my password')).toBe('password-en');
    expect(top('how can I remove my account?')).toBe('delete-en');
  });

  it('finds a compound from one of its parts', () => {
    expect(top('Wo ist meine Abrechnung?')).toBe('invoice-de');
    expect(top('Kreditkarte Abrechnung')).toBe('invoice-de');
  });

  it('finds an English item for a German question through names, numbers and cognates', () => {
    expect(top('Wie lange war das Sommertheater in Warschau in Betrieb?')).toBe('theatre-en');
    expect(top('Liefern Sie in die Schweiz?')).not.toBe('theatre-en');
  });

  it('learns from questions that led to an item', () => {
    const question = 'Schweiz Lieferung';
    const learned = KnowledgeIndex.build(analyzer, ITEMS, {
      trainingPairs: [{ question: 'Liefert ihr in die Schweiz?', itemId: 'shipping-en' }],
    });
    expect(top(question, learned)).toBe('shipping-en');
    expect(learned.search(question).hits[0]!.score).toBeGreaterThan(
      index.search(question).hits[0]?.score ?? 0,
    );
  });

  it('carries learned term associations to items no training question reached', () => {
    // Every item but the Gmail ones, so "delete" is rare enough to be worth associating.
    const items: KnowledgeItem[] = [
      ...ITEMS,
      {
        id: 'delete-gmail',
        language: 'en',
        title: 'Delete a Gmail address for good',
        body: 'Settings, then Accounts.',
      },
      {
        id: 'gmail-filters',
        language: 'en',
        title: 'Gmail filters',
        body: 'Open Filters.',
      },
    ];
    const pairs = [
      { question: 'how do I wipe my account', itemId: 'delete-en' },
      { question: 'wipe my account for good', itemId: 'delete-en' },
    ];
    const question = 'wipe gmail';
    // The learned field sends "wipe" to delete-en; the association wipe → delete also lifts the
    // Gmail item that no training question named above the one that merely shares "gmail".
    const rank = (index: KnowledgeIndex) => index.search(question).hits.map((hit) => hit.id);
    const before = rank(KnowledgeIndex.build(analyzer, items));
    const after = rank(KnowledgeIndex.build(analyzer, items, { trainingPairs: pairs }));
    expect(before.indexOf('gmail-filters')).toBeLessThan(before.indexOf('delete-gmail'));
    expect(after.indexOf('delete-gmail')).toBeLessThan(after.indexOf('gmail-filters'));
  });

  it('reports how much of the question the top item covers', () => {
    const full = index.search('reset password');
    const partial = index.search('reset password quantum chromodynamics');
    expect(full.topCoverage).toBeCloseTo(1);
    expect(partial.topCoverage).toBeLessThan(0.7);
  });

  it('answers empty, emoji-only and huge questions with no hits or a bounded search, never an error', () => {
    expect(index.search('').hits).toEqual([]);
    expect(index.search('🙈🙈').hits).toEqual([]);
    const started = performance.now();
    expect(() => index.search('password '.repeat(20_000))).not.toThrow();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('works on an empty bank', () => {
    expect(KnowledgeIndex.build(analyzer, []).search('password').hits).toEqual([]);
  });
});
