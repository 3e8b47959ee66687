/**
 * The knowledge area's addresses: each screen has its own URL (path and query), so a reload, the
 * back button or a link opens it again, like the admin area and the conversation list.
 *
 *   /knowledge                                   the collections, the first one's articles
 *   /knowledge/collections/<id>?q=&language=&visibility=   one collection's articles, filtered
 *   /knowledge/articles/new?collection=&language=&translationOf=   a new article or translation
 *   /knowledge/articles/<id>                     the editor
 *   /knowledge/articles/<id>/history?from=&to=   versions, the diff between two, restore
 *   /knowledge/reviews                           partners' proposals
 *   /knowledge/gaps?days=                        knowledge gaps (recurring unanswered questions)
 */
export const KNOWLEDGE_ROOT = '/knowledge';

export const isKnowledgePath = (path: string) =>
  path === KNOWLEDGE_ROOT || path.startsWith(`${KNOWLEDGE_ROOT}/`);

export type Visibility = 'draft' | 'internal' | 'public';
export type Language = 'de' | 'en';

export const VISIBILITIES: readonly Visibility[] = ['draft', 'internal', 'public'];
export const LANGUAGES: readonly Language[] = ['de', 'en'];

export interface ListFilter {
  q: string;
  language: Language | null;
  visibility: Visibility | null;
}

export type KnowledgeRoute =
  | { screen: 'collections'; collectionId: string | null; filter: ListFilter }
  | {
      screen: 'new';
      collectionId: string | null;
      language: Language;
      translationOf: string | null;
    }
  | { screen: 'article'; articleId: string }
  | { screen: 'history'; articleId: string; from: number | null; to: number | null }
  | { screen: 'reviews' }
  | { screen: 'gaps'; days: number };

const isLanguage = (value: string | null): value is Language => value === 'de' || value === 'en';
const isVisibility = (value: string | null): value is Visibility =>
  value === 'draft' || value === 'internal' || value === 'public';

function decode(part: string | undefined): string | null {
  if (!part) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function version(value: string | null): number | null {
  if (value === null || !/^\d{1,7}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** Reads a URL of the area; anything it does not know is the collections screen. */
export function parseRoute(pathname: string, search: string): KnowledgeRoute {
  const params = new URLSearchParams(search);
  const parts = pathname.slice(KNOWLEDGE_ROOT.length).split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'reviews') return { screen: 'reviews' };
  if (first === 'gaps') {
    const days = params.get('days');
    return {
      screen: 'gaps',
      days: days && /^\d{1,3}$/.test(days) && +days >= 1 && +days <= 365 ? +days : 90,
    };
  }
  if (first === 'articles' && second === 'new') {
    const language = params.get('language');
    return {
      screen: 'new',
      collectionId: params.get('collection') || null,
      language: isLanguage(language) ? language : 'de',
      translationOf: params.get('translationOf') || null,
    };
  }
  const articleId = first === 'articles' ? decode(second) : null;
  if (articleId && third === 'history') {
    return { screen: 'history', articleId, from: version(params.get('from')), to: version(params.get('to')) };
  }
  if (articleId && third === undefined) return { screen: 'article', articleId };
  const language = params.get('language');
  const visibility = params.get('visibility');
  return {
    screen: 'collections',
    collectionId: first === 'collections' ? decode(second) : null,
    filter: {
      q: params.get('q') ?? '',
      language: isLanguage(language) ? language : null,
      visibility: isVisibility(visibility) ? visibility : null,
    },
  };
}

function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

const segment = encodeURIComponent;

export const paths = {
  root: () => KNOWLEDGE_ROOT,
  reviews: () => `${KNOWLEDGE_ROOT}/reviews`,
  gaps: (days?: number) => withQuery(`${KNOWLEDGE_ROOT}/gaps`, { days: days === 90 ? null : days }),
  collection: (collectionId: string, filter: Partial<ListFilter> = {}) =>
    withQuery(`${KNOWLEDGE_ROOT}/collections/${segment(collectionId)}`, {
      q: filter.q?.trim(),
      language: filter.language,
      visibility: filter.visibility,
    }),
  article: (articleId: string) => `${KNOWLEDGE_ROOT}/articles/${segment(articleId)}`,
  history: (articleId: string, range: { from?: number | null; to?: number | null } = {}) =>
    withQuery(`${KNOWLEDGE_ROOT}/articles/${segment(articleId)}/history`, { from: range.from, to: range.to }),
  newArticle: (options: {
    collectionId?: string | null;
    language?: Language;
    translationOf?: string | null;
  }) =>
    withQuery(`${KNOWLEDGE_ROOT}/articles/new`, {
      collection: options.collectionId,
      language: options.language,
      translationOf: options.translationOf,
    }),
};
