/** Per-case shares of a conversation (list without values; a value by a logged view), on the app's one ApiClient. */
import type { z } from 'zod';
import type { caseShareSchema, caseShareViewSchema } from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type CaseShare = z.infer<typeof caseShareSchema>;
export type CaseShareView = z.infer<typeof caseShareViewSchema>;

const path = (id: string) => encodeURIComponent(id);

export class CaseSharesApi {
  constructor(private readonly api: ApiClient) {}

  ofConversation = (conversationId: string) =>
    this.api.request<{ items: CaseShare[] }>('GET', `/api/v1/conversations/${path(conversationId)}/shares`);
  /** Each call is written to the access log the customer sees. */
  view = (conversationId: string, shareId: string) =>
    this.api.request<CaseShareView>(
      'POST',
      `/api/v1/conversations/${path(conversationId)}/shares/${path(shareId)}/view`,
    );
}
