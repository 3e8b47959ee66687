import { describe, expect, it } from 'vitest';
import { TermAssociations } from './associations.ts';

const example = (question: string[], item: string[]) => ({
  questionTerms: new Set(question),
  itemTerms: new Set(item),
});

describe('TermAssociations', () => {
  it('learns that a question word leads to items using another word', () => {
    const associations = TermAssociations.learn(
      [
        example(['remov', 'facebook'], ['delet', 'facebook', 'account']),
        example(['remov', 'gmail'], ['delet', 'gmail', 'mail']),
        example(['remov', 'tweet'], ['delet', 'tweet']),
      ],
      (term) => (term === 'delet' ? 0.05 : 0.3),
    );
    expect(associations.of('remov')).toEqual([{ term: 'delet', weight: 1 }]);
    // A word the item contains is no gap to bridge.
    expect(associations.of('facebook')).toEqual([]);
  });

  it('needs two pairs and a word rarer than its association rate', () => {
    const once = TermAssociations.learn([example(['remov'], ['delet'])], () => 0.01);
    expect(once.size).toBe(0);
    const common = TermAssociations.learn(
      [example(['remov'], ['delet']), example(['remov'], ['delet'])],
      () => 0.5,
    );
    expect(common.of('remov')).toEqual([]);
  });
});
