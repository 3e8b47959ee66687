/** Routing rules (admin screen) and a conversation's triage signals (workspace chips), on the app's ApiClient. */
import type { z } from 'zod';
import type {
  conversationTriageSchema,
  createRoutingRuleRequest,
  routingActionsSchema,
  routingConditionSchema,
  routingRuleSchema,
  updateRoutingRuleRequest,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type RoutingCondition = z.infer<typeof routingConditionSchema>;
export type RoutingActions = z.infer<typeof routingActionsSchema>;
export type NewRoutingRule = z.input<typeof createRoutingRuleRequest>;
export type RoutingRuleChanges = z.input<typeof updateRoutingRuleRequest>;
export type ConversationTriage = z.infer<typeof conversationTriageSchema>;

const path = (id: string) => encodeURIComponent(id);

export class RoutingApi {
  constructor(private readonly api: ApiClient) {}

  rules = () => this.api.request<{ items: RoutingRule[] }>('GET', '/api/v1/routing-rules');
  create = (rule: NewRoutingRule) => this.api.request<RoutingRule>('POST', '/api/v1/routing-rules', rule);
  update = (id: string, changes: RoutingRuleChanges) =>
    this.api.request<RoutingRule>('PATCH', `/api/v1/routing-rules/${path(id)}`, changes);
  remove = (id: string) => this.api.request<void>('DELETE', `/api/v1/routing-rules/${path(id)}`);
  reorder = (ids: string[]) =>
    this.api.request<{ items: RoutingRule[] }>('PUT', '/api/v1/routing-rules/order', { ids });

  /** What the SLA action may name (the SLA screen manages them). */
  slaPolicies = () =>
    this.api.request<{ items: { id: string; name: string }[] }>('GET', '/api/v1/sla-policies');

  triage = (conversationId: string) =>
    this.api.request<{ triage: ConversationTriage | null }>(
      'GET',
      `/api/v1/conversations/${path(conversationId)}/triage`,
    );
}
