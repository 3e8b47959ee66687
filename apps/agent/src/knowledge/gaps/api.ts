/** The knowledge-gap report's calls (types from the server's zod schemas). */
import type { z } from 'zod';
import type { articleSchema, draftFromGapRequest, knowledgeGapSchema } from '@sofortdesk/protocol';
import type { ApiClient } from '../../api/client.ts';

export type KnowledgeGap = z.infer<typeof knowledgeGapSchema>;
export type DraftRequest = z.input<typeof draftFromGapRequest>;
export type DraftArticle = z.infer<typeof articleSchema>;

export const GAP_PERIODS = [30, 90, 180, 365] as const;

export class GapsApi {
  constructor(private readonly api: ApiClient) {}

  gaps = (days: number) =>
    this.api.request<{ items: KnowledgeGap[] }>('GET', `/api/v1/knowledge/gaps?days=${days}`);

  draft = (request: DraftRequest) =>
    this.api.request<DraftArticle>('POST', '/api/v1/knowledge/gaps/draft', request);
}
