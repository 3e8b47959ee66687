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

  describe('across languages through the dictionary', () => {
    const bank: KnowledgeItem[] = [
      {
        id: 'invoice-en',
        language: 'en',
        title: 'Where can I download my invoice?',
        body: 'Every invoice is in Billing as a PDF.',
      },
      { id: 'password-en', language: 'en', title: 'Reset your password', body: 'Open the login page.' },
      {
        id: 'kuendigung-de',
        language: 'de',
        title: 'Vertrag kündigen',
        body: 'Die Kündigung ist jederzeit zum Monatsende möglich.',
      },
    ];

    it('finds an English "invoice" item for a German question about the "Rechnung", and the reverse', () => {
      const cross = KnowledgeIndex.build(analyzer, bank);
      expect(top('Wo finde ich meine Rechnung?', cross)).toBe('invoice-en');
      expect(top('How do I cancel my contract?', cross)).toBe('kuendigung-de');
      // The translations are what finds them: no shared spelling does.
      const without = KnowledgeIndex.build(analyzer, bank, { weights: { translation: 0 } });
      expect(top('Wo finde ich meine Rechnung?', without)).not.toBe('invoice-en');
      expect(top('How do I cancel my contract?', without)).not.toBe('kuendigung-de');
    });

    it('counts a question word as covered when the item has its translation', () => {
      const result = KnowledgeIndex.build(analyzer, bank).search('Rechnung herunterladen', {
        language: 'de',
      });
      expect(result.hits[0]?.id).toBe('invoice-en');
      expect(result.topCoverage).toBeCloseTo(1);
    });

    it('learns no association from a German word whose translation the English item has', () => {
      const items: KnowledgeItem[] = [
        {
          id: 'invoice',
          language: 'en',
          title: 'Download your invoice',
          body: 'Open Billing and choose PDF.',
        },
        { id: 'ticket', language: 'en', title: 'Open a support ticket', body: 'Write to us.' },
        ...[
          'Shipping to Austria',
          'Reset your password',
          'Change your e-mail',
          'Gift cards',
          'Newsletter',
        ].map((title, i): KnowledgeItem => ({ id: `filler${i}`, language: 'en', title, body: title })),
      ];
      const learned = KnowledgeIndex.build(analyzer, items, {
        trainingPairs: [
          { question: 'Rechnung herunterladen', itemId: 'invoice' },
          { question: 'Wie kann ich die Rechnung herunterladen?', itemId: 'invoice' },
        ],
      });
      // "Rechnung" is "invoice", which the item has: it must not come to mean "open" as well.
      const hits = learned.search('Rechnung', { language: 'de' }).hits.map((hit) => hit.id);
      expect(hits[0]).toBe('invoice');
      expect(hits).not.toContain('ticket');
    });

    it('searches translations only when the bank has items in the other language', () => {
      const german = bank.filter((item) => item.language === 'de');
      const scores = (weights: { translation: number }) =>
        KnowledgeIndex.build(analyzer, german, { weights })
          .search('Kündigung des Vertrags', { language: 'de' })
          .hits.map((hit) => hit.score);
      expect(scores({ translation: 1 })).toEqual(scores({ translation: 0 }));
    });
  });

  it('finds a word the question splits in two ("back up" → "backup")', () => {
    const items: KnowledgeItem[] = [
      { id: 'backup', language: 'en', title: 'Backup of your tweets', body: 'Download an archive.' },
      { id: 'office', language: 'en', title: 'Back office hours', body: 'We are there from 9 to 5.' },
    ];
    const question = 'How do I back up my tweets?';
    expect(top(question, KnowledgeIndex.build(analyzer, items))).toBe('backup');
    const scores = (joined: number) =>
      KnowledgeIndex.build(analyzer, items, { weights: { joined } })
        .search(question)
        .hits.find((hit) => hit.id === 'backup')!.score;
    expect(scores(1)).toBeGreaterThan(scores(0));
    // A join no item uses adds nothing (and no error).
    expect(top('back office', KnowledgeIndex.build(analyzer, items))).toBe('office');
  });

  describe('answers to the same question (items sharing a title)', () => {
    const answers: KnowledgeItem[] = [
      { id: 'a1', language: 'en', title: 'How do I close my account?', body: 'Use the settings page.' },
      { id: 'a2', language: 'en', title: 'How do I close my account?', body: 'Remove it under privacy.' },
      { id: 'b', language: 'en', title: 'Privacy settings', body: 'Choose who sees your profile.' },
    ];

    it('count as one competitor for the margin of the top hit', () => {
      const result = KnowledgeIndex.build(analyzer, answers).search('close my account');
      expect(
        result.hits
          .slice(0, 2)
          .map((hit) => hit.id)
          .sort(),
      ).toEqual(['a1', 'a2']);
      // The runner-up is the other answer to the same question; the competitor is the other question.
      expect(result.competitorScore).toBeLessThan(result.hits[1]!.score);
      expect(result.competitorScore).toBe(result.hits.find((hit) => hit.id === 'b')?.score ?? 0);
    });

    it('share their evidence: a word in one answer lifts the other', () => {
      const score = (sameQuestion: number) =>
        KnowledgeIndex.build(analyzer, answers, { weights: { sameQuestion } })
          .search('close account remove')
          .hits.find((hit) => hit.id === 'a1')!.score;
      expect(score(0.3)).toBeGreaterThan(score(0));
    });
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
