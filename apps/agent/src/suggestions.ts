/**
 * The knowledge suggestions beside a conversation, apart from React: the API (contract of
 * GET /conversations/{id}/suggestions and its feedback), the "87 %" shown, the text "Insert" puts
 * into the reply, and whether a sent reply took the article as it was (accepted) or changed it (edited).
 */
import type { z } from 'zod';
import type { conversationSuggestionsSchema, suggestionFeedbackRequest } from '@sofortdesk/protocol';
import type { ApiClient } from './api/client.ts';

/** What the server answers (its own zod schema): the customer message, the decision, the top articles. */
export type Suggestions = z.infer<typeof conversationSuggestionsSchema>;
export type Suggestion = Suggestions['suggestions'][number];
export type SuggestionFeedback = z.input<typeof suggestionFeedbackRequest>;

/** How many suggestions the panel shows. */
export const SHOWN = 3;

/** The server's reason when the contact withdrew `content-analysis` (domain NO_CONTENT_ANALYSIS_CONSENT). */
export const NO_CONSENT_REASON = 'no-consent';

export class SuggestionsApi {
  constructor(private readonly api: ApiClient) {}

  load = (conversationId: string) =>
    this.api.request<Suggestions>(
      'GET',
      `/api/v1/conversations/${encodeURIComponent(conversationId)}/suggestions`,
    );

  feedback = (conversationId: string, feedback: SuggestionFeedback) =>
    this.api.request<void>(
      'POST',
      `/api/v1/conversations/${encodeURIComponent(conversationId)}/suggestions/feedback`,
      feedback,
    );
}

/** The best SHOWN suggestions, most probable first, without the ones the agent said do not fit. */
export function topSuggestions(
  list: readonly Suggestion[],
  dismissed: ReadonlySet<string> = new Set(),
): Suggestion[] {
  return list
    .filter((s) => !dismissed.has(s.articleId))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, SHOWN);
}

const percent = new Map<string, Intl.NumberFormat>();

/** 0.873 → "87 %" (German) / "87%" (English); never more than 100, and "< 1 %" for a small chance. */
export function formatProbability(probability: number, language: string): string {
  let format = percent.get(language);
  if (!format)
    percent.set(
      language,
      (format = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 })),
    );
  const clamped = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0;
  // A small chance is not none: "< 1 %" rather than a "0 %" that reads as impossible.
  if (clamped > 0 && clamped < 0.005) return `< ${format.format(0.01)}`;
  return format.format(clamped);
}

/**
 * What "Insert" puts into the reply: the article's answer, and a link to it when it is public
 * (a path from the server becomes an absolute address the customer can open).
 */
export function insertionText(suggestion: Suggestion, origin: string): string {
  const snippet = suggestion.snippet.trim();
  if (!suggestion.url) return snippet;
  let url: string;
  try {
    url = new URL(suggestion.url, origin).toString();
  } catch {
    return snippet;
  }
  if (!/^https?:/.test(url)) return snippet;
  // Brackets in the title would end the markdown link early.
  const title = suggestion.title.replace(/[[\]]/g, '');
  return `${snippet}\n\n[${title}](${url})`;
}

const words = (text: string) => text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Share of the inserted words that the sent reply still contains, above which it counts as "edited". */
export const EDITED_MIN_OVERLAP = 0.5;

/**
 * What a sent reply says about an inserted suggestion: the same text (white space aside) is
 * "accepted"; a changed text that still carries at least half of the inserted words is "edited";
 * a reply that kept less of it was not built on the article, and nothing is reported (null).
 */
export function sentOutcome(inserted: string, sent: string): 'accepted' | 'edited' | null {
  if (normalise(inserted) === normalise(sent)) return 'accepted';
  const insertedWords = words(inserted);
  if (insertedWords.length === 0) return null;
  const sentWords = new Map<string, number>();
  for (const word of words(sent)) sentWords.set(word, (sentWords.get(word) ?? 0) + 1);
  let kept = 0;
  for (const word of insertedWords) {
    const left = sentWords.get(word) ?? 0;
    if (left > 0) {
      kept++;
      sentWords.set(word, left - 1);
    }
  }
  return kept / insertedWords.length >= EDITED_MIN_OVERLAP ? 'edited' : null;
}
