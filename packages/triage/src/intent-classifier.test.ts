import { TextAnalyzer } from '@sofortdesk/knowledge';
import { describe, expect, it } from 'vitest';
import { IntentClassifier, type LabelledText } from './intent-classifier.ts';

const analyzer = new TextAnalyzer();

const TEMPLATES: Record<string, string[]> = {
  refund: [
    'i want my money back for order',
    'please refund the purchase',
    'how do i get a refund',
    'refund my payment',
    'money back please for the item',
  ],
  password: [
    'i forgot my password',
    'reset my password please',
    'cannot log in password wrong',
    'how to change password',
    'password reset link missing',
  ],
  shipping: [
    'where is my parcel',
    'when will my package arrive',
    'track my shipment',
    'delivery is late where is the parcel',
    'shipping status of my package',
  ],
  oos: [
    'what is the weather tomorrow',
    'tell me a joke',
    'who won the football game',
    'play some music',
    'what is the capital of france',
  ],
};
const LEADS = [
  '',
  'hi, ',
  'hello ',
  'excuse me ',
  'quick question: ',
  'hey there, ',
  'good morning, ',
  'sorry, ',
];

const examples: LabelledText[] = Object.entries(TEMPLATES).flatMap(([label, texts]) =>
  texts.flatMap((text) => LEADS.map((lead) => ({ text: `${lead}${text}`, label }))),
);

describe('IntentClassifier', () => {
  const classifier = IntentClassifier.train(analyzer, examples, { seed: 1 });

  it('recognises the intents of new phrasings', () => {
    expect(classifier.classify('I would like a refund for my order').intent).toBe('refund');
    expect(classifier.classify('my password does not work').intent).toBe('password');
    expect(classifier.classify('where is my package').intent).toBe('shipping');
  });

  it('fits a threshold on held-out training data and answers when sure', () => {
    expect(classifier.threshold).toBeGreaterThan(0);
    expect(classifier.threshold).toBeLessThanOrEqual(1);
    const sure = classifier.classify('please refund my payment');
    expect(sure.answer).toBe(true);
    expect(sure.top[0]).toEqual({ intent: 'refund', probability: sure.confidence });
  });

  it('abstains on out-of-scope requests, naming the nearest intent as a hint', () => {
    const outside = classifier.classify('tell me a joke about the weather');
    expect(outside.answer).toBe(false);
    expect(outside.outOfScope).toBeGreaterThan(outside.confidence);
    expect(outside.intent).not.toBe('oos');
    expect(classifier.labels).toContain('oos');
  });

  it('is deterministic', () => {
    const again = IntentClassifier.train(analyzer, examples, { seed: 1 });
    expect(again.threshold).toBe(classifier.threshold);
    expect(again.classify('refund please')).toEqual(classifier.classify('refund please'));
  });

  it('never answers when too little data is held out to fit a threshold', () => {
    const tiny = IntentClassifier.train(analyzer, examples.slice(0, 10));
    expect(tiny.classify(examples[0]!.text).answer).toBe(false);
  });

  describe('with a validation set', () => {
    const validation: LabelledText[] = [
      'refund for my order please',
      'my password is wrong',
      'where is my package now',
      'i need my money back',
      'password reset please',
    ].flatMap((text) =>
      LEADS.slice(0, 4).map((lead) => ({
        text: `${lead}${text}`,
        label: text.includes('pass') ? 'password' : text.includes('pack') ? 'shipping' : 'refund',
      })),
    );
    // An out-of-scope request worded like an intent: the model is sure of it, and wrong.
    const lookalike = { text: 'please refund the purchase', label: 'oos' };

    it('fits the threshold on it, not on held-out training data', () => {
      const classifier = IntentClassifier.train(analyzer, examples, {
        seed: 1,
        validation: [...validation, lookalike],
        outOfScopeShare: 0,
      });
      // 20 right answers and one wrong (the look-alike): precision 0.95 holds down to the lowest right one.
      const lowest = Math.min(...validation.map((e) => classifier.classify(e.text).confidence));
      expect(classifier.threshold).toBeCloseTo(lowest, 6);
      expect(classifier.classify(validation[0]!.text).answer).toBe(true);
    });

    it('weights out-of-scope examples to their expected share', () => {
      const options = { seed: 1, validation: [...validation, lookalike] };
      // Counted once, the look-alike is one wrong answer among 21: answered.
      const once = IntentClassifier.train(analyzer, examples, { ...options, outOfScopeShare: 0 });
      expect(once.classify(lookalike.text).answer).toBe(true);
      // At a share of 20 % it weighs as much as five answers: the threshold moves above it.
      const weighted = IntentClassifier.train(analyzer, examples, { ...options, outOfScopeShare: 0.2 });
      expect(weighted.threshold).toBeGreaterThan(weighted.classify(lookalike.text).confidence);
      expect(weighted.classify(lookalike.text).answer).toBe(false);
    });
  });
});
