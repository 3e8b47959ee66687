import { describe, expect, it } from 'vitest';
import { citedArticleIds } from './knowledge-learning.ts';

describe('citedArticleIds', () => {
  it("finds this account's help-centre article links, in order, each once", () => {
    const text =
      'Siehe https://help.example/help/acc-1/de/articles/art-2 und /help/acc-1/en/articles/art-3, ' +
      'nochmals https://help.example/help/acc-1/de/articles/art-2.';
    expect(citedArticleIds(text, 'acc-1')).toEqual(['art-2', 'art-3']);
  });

  it("ignores other accounts' links and anything that is no article link", () => {
    expect(citedArticleIds('/help/acc-2/de/articles/art-9', 'acc-1')).toEqual([]);
    expect(citedArticleIds('/help/acc-1/fr/articles/art-9 /help/acc-1/de/search?q=x', 'acc-1')).toEqual([]);
    expect(citedArticleIds('', 'acc-1')).toEqual([]);
  });
});
