/** The account's privacy settings and retention receipts (admins), on the app's one ApiClient. */
import type { z } from 'zod';
import type {
  privacySettingsSchema,
  retentionRunSchema,
  updatePrivacySettingsRequest,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
export type PrivacySettingsChange = z.input<typeof updatePrivacySettingsRequest>;
export type RetentionRun = z.infer<typeof retentionRunSchema>;

export class PrivacyApi {
  constructor(private readonly api: ApiClient) {}

  settings = () => this.api.request<PrivacySettings>('GET', '/api/v1/settings/privacy');
  save = (change: PrivacySettingsChange) =>
    this.api.request<PrivacySettings>('PUT', '/api/v1/settings/privacy', change);
  retentionRuns = () => this.api.request<{ items: RetentionRun[] }>('GET', '/api/v1/privacy/retention-runs');
}
