/** The SLA policies' calls, on the app's one ApiClient. Types come from the server's zod schemas. */
import type { z } from 'zod';
import type { slaPolicyRequest, slaPolicySchema } from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicyRequest>;

const path = (id: string) => `/api/v1/sla-policies/${encodeURIComponent(id)}`;

export class SlaApi {
  constructor(private readonly api: ApiClient) {}

  policies = () => this.api.request<{ items: SlaPolicy[] }>('GET', '/api/v1/sla-policies');
  create = (policy: SlaPolicyInput) => this.api.request<SlaPolicy>('POST', '/api/v1/sla-policies', policy);
  update = (id: string, policy: SlaPolicyInput) => this.api.request<SlaPolicy>('PUT', path(id), policy);
  remove = (id: string) => this.api.request<void>('DELETE', path(id));
}
