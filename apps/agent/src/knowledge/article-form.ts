/**
 * The article editor's form, apart from React: what the fields hold, which of them changed (only
 * those are sent, with the version the editor started from), and the article list's search.
 */
import type { Language, Visibility } from './routes.ts';

export interface ArticleContent {
  title: string;
  body: string;
  alternativeQuestions: string[];
  tags: string[];
  visibility: Visibility;
}

/** What the inputs hold: lists as text (tags comma-separated, questions one per line). */
export interface ArticleForm {
  title: string;
  body: string;
  tags: string;
  alternativeQuestions: string;
  visibility: Visibility;
}

export const emptyForm = (): ArticleForm => ({
  title: '',
  body: '',
  tags: '',
  alternativeQuestions: '',
  visibility: 'draft',
});

export function formFrom(content: ArticleContent): ArticleForm {
  return {
    title: content.title,
    body: content.body,
    tags: content.tags.join(', '),
    alternativeQuestions: content.alternativeQuestions.join('\n'),
    visibility: content.visibility,
  };
}

/** Each item once, in the order given, without blanks. */
function unique(items: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (!item || seen.has(item.toLocaleLowerCase())) continue;
    seen.add(item.toLocaleLowerCase());
    result.push(item);
  }
  return result;
}

export const parseTags = (text: string) => unique(text.split(/[,\n]/));
export const parseQuestions = (text: string) => unique(text.split('\n'));

export function contentOf(form: ArticleForm): ArticleContent {
  return {
    title: form.title.trim(),
    body: form.body,
    alternativeQuestions: parseQuestions(form.alternativeQuestions),
    tags: parseTags(form.tags),
    visibility: form.visibility,
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** Only the fields the editor changed; empty when there is nothing to save. */
export function changedFields(saved: ArticleContent, form: ArticleForm): Partial<ArticleContent> {
  const next = contentOf(form);
  const changes: Partial<ArticleContent> = {};
  if (next.title !== saved.title) changes.title = next.title;
  if (next.body !== saved.body) changes.body = next.body;
  if (!sameList(next.alternativeQuestions, saved.alternativeQuestions))
    changes.alternativeQuestions = next.alternativeQuestions;
  if (!sameList(next.tags, saved.tags)) changes.tags = next.tags;
  if (next.visibility !== saved.visibility) changes.visibility = next.visibility;
  return changes;
}

/** Lower case, umlauts and ß folded, accents dropped: "Größe" finds "groesse" and "grosse". */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('de')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

function foldedVariants(text: string): string[] {
  const folded = fold(text);
  // "grosse" should find "Größe" too: umlauts also without their e.
  return [folded, folded.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u')];
}

export interface Searchable extends ArticleContent {
  language: Language;
}

/**
 * The articles whose title, alternative questions, tags or body contain every word of the query;
 * matches in the title first. An empty query keeps the list as it is.
 */
export function searchArticles<T extends Searchable>(articles: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...articles];
  const scored: { article: T; score: number }[] = [];
  for (const article of articles) {
    const title = foldedVariants(article.title).join(' ');
    const rest = foldedVariants(
      [...article.alternativeQuestions, ...article.tags, article.body].join('\n'),
    ).join(' ');
    if (!words.every((word) => title.includes(word) || rest.includes(word))) continue;
    scored.push({ article, score: words.filter((word) => title.includes(word)).length });
  }
  // A stable sort: equal scores keep the server's order (most recently changed first).
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.article);
}
