import { describe, expect, it } from 'vitest';
import {
  formatProbability,
  insertionText,
  sentOutcome,
  topSuggestions,
  type Suggestion,
} from './suggestions.ts';

const suggestion = (articleId: string, probability: number, extra: Partial<Suggestion> = {}): Suggestion => ({
  articleId,
  title: `Artikel ${articleId}`,
  language: 'de',
  probability,
  snippet: `Antwort ${articleId}`,
  visibility: 'public',
  url: null,
  ...extra,
});

describe('knowledge suggestions in the workspace', () => {
  it('shows the three most probable, without those the agent dismissed', () => {
    const list = [suggestion('a', 0.2), suggestion('b', 0.9), suggestion('c', 0.5), suggestion('d', 0.7)];
    expect(topSuggestions(list).map((s) => s.articleId)).toEqual(['b', 'd', 'c']);
    expect(topSuggestions(list, new Set(['d'])).map((s) => s.articleId)).toEqual(['b', 'c', 'a']);
  });

  it("writes the probability as a whole percentage in the agent's language", () => {
    expect(formatProbability(0.873, 'de')).toBe('87\u00a0%');
    expect(formatProbability(0.873, 'en')).toBe('87%');
    expect(formatProbability(1.4, 'en')).toBe('100%');
    expect(formatProbability(Number.NaN, 'en')).toBe('0%');
    expect(formatProbability(0.001, 'de')).toBe('< 1\u00a0%');
    expect(formatProbability(0, 'en')).toBe('0%');
  });

  it('inserts the answer with an absolute link to a public article', () => {
    const origin = 'https://desk.example';
    expect(insertionText(suggestion('a', 0.9, { snippet: ' Antwort \n', url: '/help/de/a' }), origin)).toBe(
      'Antwort\n\n[Artikel a](https://desk.example/help/de/a)',
    );
    expect(
      insertionText(suggestion('a', 0.9, { title: 'A [b]', url: 'https://hilfe.example/x' }), origin),
    ).toBe('Antwort a\n\n[A b](https://hilfe.example/x)');
    // Internal articles have no link; a strange address is left out rather than sent.
    expect(insertionText(suggestion('a', 0.9), origin)).toBe('Antwort a');
    expect(insertionText(suggestion('a', 0.9, { url: 'javascript:alert(1)' }), origin)).toBe('Antwort a');
  });

  it('reports accepted when the reply is the inserted text, edited when it was changed', () => {
    const inserted =
      'Bis 48 Stunden vor der Abholung ist die Stornierung kostenlos.\n\n[Stornieren](https://x/y)';
    expect(sentOutcome(inserted, inserted)).toBe('accepted');
    expect(sentOutcome(inserted, `  ${inserted.replace('\n\n', '\n')} `)).toBe('accepted');
    expect(sentOutcome(inserted, `Hallo Frau Muster,\n\n${inserted}\n\nViele Grüße`)).toBe('edited');
    expect(sentOutcome(inserted, 'Bis 24 Stunden vor der Abholung ist die Stornierung kostenlos.')).toBe(
      'edited',
    );
    // The agent replaced it with something else: the article was not used.
    expect(sentOutcome(inserted, 'Ich rufe Sie gleich an.')).toBeNull();
  });
});
