import { beforeAll, describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../text/analyzer.ts';
import type { KnowledgeItem } from '../types.ts';
import { buildAccountModel, MIN_CALIBRATION_EXAMPLES, type LabelledTrainingPair } from './account-model.ts';
import { probabilityOf } from './calibration.ts';
import type { DecisionPolicy } from './decide.ts';

const ITEMS: KnowledgeItem[] = [
  {
    id: 'password',
    language: 'en',
    title: 'How do I reset my password?',
    body: 'Open the login page, choose "Forgot password" and follow the link in the e-mail.',
  },
  {
    id: 'delete',
    language: 'en',
    title: 'Deleting your account',
    body: 'Go to Settings, then Privacy, and choose Delete account.',
  },
  {
    id: 'shipping',
    language: 'en',
    title: 'Shipping to Switzerland and Austria',
    body: 'We ship to Switzerland and Austria with DHL within 5 working days.',
  },
  {
    id: 'invoice',
    language: 'de',
    title: 'Wo finde ich meine Rechnung?',
    body: 'Die Rechnung steht im Kundenkonto unter Zahlungen als PDF bereit.',
  },
];

const FALLBACK: DecisionPolicy = {
  model: {
    means: [0, 0, 0, 0, 0, 0],
    deviations: [1, 1, 1, 1, 1, 1],
    coefficients: [0, 0, 0, 0, 0, 0],
    intercept: 0,
  },
  answerThreshold: 0.9,
  suggestThreshold: 0.2,
};

let analyzer: TextAnalyzer;
beforeAll(async () => {
  analyzer = await TextAnalyzer.create();
});

/** Questions in a vocabulary the articles do not use: only learning connects them. */
const lockedOut = (n: number): LabelledTrainingPair[] =>
  Array.from({ length: n }, (_, i) => ({
    question: `I am locked out and cannot sign in anymore (${i})`,
    itemId: 'password',
    label: 'positive' as const,
  }));

describe('buildAccountModel', () => {
  it('learns phrasings from positive pairs only, and keeps the default calibration with few pairs', () => {
    const question = 'locked out, cannot sign in';
    const before = buildAccountModel(analyzer, ITEMS, [], { fallback: () => FALLBACK });
    expect(before.index.search(question).hits[0]?.id).not.toBe('password');

    const after = buildAccountModel(analyzer, ITEMS, lockedOut(5), { fallback: () => FALLBACK });
    expect(after.index.search(question).hits[0]?.id).toBe('password');
    expect(after.learnedPairs).toBe(5);
    expect(after.calibration).toBe('default');
    expect(after.policyFor(0.95)).toBe(FALLBACK);

    // A rejected pairing teaches the index nothing.
    const rejected = buildAccountModel(
      analyzer,
      ITEMS,
      lockedOut(5).map((pair) => ({ ...pair, label: 'negative' as const })),
      { fallback: () => FALLBACK },
    );
    expect(rejected.learnedPairs).toBe(0);
    expect(rejected.index.search(question).hits[0]?.id).not.toBe('password');
  });

  it('ignores pairs of items that no longer exist and empty questions', () => {
    const model = buildAccountModel(
      analyzer,
      ITEMS,
      [
        { question: 'where is my parcel', itemId: 'gone', label: 'positive' },
        { question: '   ', itemId: 'password', label: 'positive' },
      ],
      { fallback: () => FALLBACK },
    );
    expect(model.learnedPairs).toBe(0);
  });

  it('re-fits calibration and threshold from enough labelled pairs with both outcomes', () => {
    const pairs: LabelledTrainingPair[] = [];
    for (let i = 0; i < 15; i++) {
      pairs.push({
        question: `how can I reset my password, attempt ${i}`,
        itemId: 'password',
        label: 'positive',
      });
      pairs.push({ question: `delete my account please, case ${i}`, itemId: 'delete', label: 'positive' });
      // Customers said the shipping article did not help them with customs: a wrong top hit.
      pairs.push({
        question: `shipping to Switzerland customs fees ${i}`,
        itemId: 'shipping',
        label: 'negative',
      });
    }
    expect(pairs.length).toBeGreaterThanOrEqual(MIN_CALIBRATION_EXAMPLES);
    const model = buildAccountModel(analyzer, ITEMS, pairs, { fallback: () => FALLBACK });
    expect(model.calibration).toBe('account');
    expect(model.labelledExamples).toBeGreaterThanOrEqual(MIN_CALIBRATION_EXAMPLES);
    const policy = model.policyFor(0.95);
    expect(policy).not.toBe(FALLBACK);
    expect(policy.suggestThreshold).toBe(FALLBACK.suggestThreshold);
    // A laxer precision target never needs a higher threshold.
    expect(model.policyFor(0.6).answerThreshold).toBeLessThanOrEqual(policy.answerThreshold);
    // The fitted model separates the two kinds of search it saw.
    const right = probabilityOf(policy.model, model.index.search('reset my password'));
    const wrong = probabilityOf(policy.model, model.index.search('customs fees Switzerland'));
    expect(right).toBeGreaterThan(wrong);
  });

  it('keeps the default when every labelled search came out the same', () => {
    const pairs: LabelledTrainingPair[] = Array.from({ length: 45 }, (_, i) => ({
      question: `reset my password number ${i}`,
      itemId: 'password',
      label: 'positive',
    }));
    const model = buildAccountModel(analyzer, ITEMS, pairs, { fallback: () => FALLBACK });
    expect(model.calibration).toBe('default');
    expect(model.policyFor(0.95)).toBe(FALLBACK);
    expect(model.learnedPairs).toBe(45);
  });
});
