/**
 * The knowledge base's calls, on the app's one ApiClient (session cookie, CSRF token, problems as
 * ApiError). Types come from the server's own zod schemas.
 */
import type { z } from 'zod';
import type {
  articleDetailSchema,
  articleDiffSchema,
  articleSchema,
  articleVersionSchema,
  changeRequestSchema,
  createArticleRequest,
  knowledgeCollectionSchema,
  updateArticleRequest,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';
import type { Language, Visibility } from './routes.ts';

export type Collection = z.infer<typeof knowledgeCollectionSchema>;
export type Article = z.infer<typeof articleSchema>;
export type ArticleDetail = z.infer<typeof articleDetailSchema>;
export type ArticleVersion = z.infer<typeof articleVersionSchema>;
export type ArticleDiff = z.infer<typeof articleDiffSchema>;
export type ChangeRequest = z.infer<typeof changeRequestSchema>;
export type NewArticle = z.input<typeof createArticleRequest>;
export type ArticleChanges = z.input<typeof updateArticleRequest>;

/** A save either lands (admins, agents) or waits for an agent's review (partners: HTTP 202). */
export type SaveResult =
  { kind: 'saved'; article: Article } | { kind: 'proposed'; changeRequest: ChangeRequest };

const segment = encodeURIComponent;

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A change request has a status; an article has none: that tells the 201/200 answer from the 202. */
function saveResult(answer: Article | ChangeRequest): SaveResult {
  return 'status' in answer
    ? { kind: 'proposed', changeRequest: answer }
    : { kind: 'saved', article: answer };
}

export class KnowledgeApi {
  constructor(private readonly api: ApiClient) {}

  collections = () => this.api.request<{ items: Collection[] }>('GET', '/api/v1/knowledge/collections');

  createCollection = (name: string, description: string | null = null) =>
    this.api.request<Collection>('POST', '/api/v1/knowledge/collections', { name, description });

  articles = (filter: {
    collectionId?: string;
    language?: Language | null;
    visibility?: Visibility | null;
  }) =>
    this.api.request<{ items: Article[] }>(
      'GET',
      `/api/v1/knowledge/articles${query({
        collectionId: filter.collectionId,
        language: filter.language,
        visibility: filter.visibility,
      })}`,
    );

  article = (id: string) =>
    this.api.request<ArticleDetail>('GET', `/api/v1/knowledge/articles/${segment(id)}`);

  async create(article: NewArticle): Promise<SaveResult> {
    return saveResult(
      await this.api.request<Article | ChangeRequest>('POST', '/api/v1/knowledge/articles', article),
    );
  }

  async update(id: string, changes: ArticleChanges): Promise<SaveResult> {
    return saveResult(
      await this.api.request<Article | ChangeRequest>(
        'PATCH',
        `/api/v1/knowledge/articles/${segment(id)}`,
        changes,
      ),
    );
  }

  versions = (id: string) =>
    this.api.request<{ items: ArticleVersion[] }>(
      'GET',
      `/api/v1/knowledge/articles/${segment(id)}/versions`,
    );

  diff = (id: string, range: { from?: number | null; to?: number | null } = {}) =>
    this.api.request<ArticleDiff>(
      'GET',
      `/api/v1/knowledge/articles/${segment(id)}/diff${query({ from: range.from, to: range.to })}`,
    );

  restore = (id: string, version: number, baseVersion: number) =>
    this.api.request<Article>('POST', `/api/v1/knowledge/articles/${segment(id)}/restore`, {
      version,
      baseVersion,
    });

  changeRequests = (status?: ChangeRequest['status']) =>
    this.api.request<{ items: ChangeRequest[] }>(
      'GET',
      `/api/v1/knowledge/change-requests${query({ status })}`,
    );

  review = (id: string, decision: 'approve' | 'reject', note: string | null = null) =>
    this.api.request<ChangeRequest>('POST', `/api/v1/knowledge/change-requests/${segment(id)}/review`, {
      decision,
      note,
    });
}
