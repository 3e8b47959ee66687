/** The consent ledger's calls (contact panel, admin screen), on the app's one ApiClient. */
import type { z } from 'zod';
import type {
  consentChannelSchema,
  consentPurposeSchema,
  contactConsentsSchema,
  createConsentPurposeRequest,
  recordConsentRequest,
  updateConsentPurposeRequest,
} from '@sofortdesk/protocol';
import type { ApiClient } from '../api/client.ts';

export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;
export type ContactConsents = z.infer<typeof contactConsentsSchema>;
export type ConsentEntry = ContactConsents['history'][number];
export type ConsentChannel = z.infer<typeof consentChannelSchema>;
export type RecordConsent = z.input<typeof recordConsentRequest>;
export type NewConsentPurpose = z.input<typeof createConsentPurposeRequest>;
export type ConsentPurposeChanges = z.input<typeof updateConsentPurposeRequest>;

const path = (id: string) => encodeURIComponent(id);

export class ConsentsApi {
  constructor(private readonly api: ApiClient) {}

  purposes = () => this.api.request<{ items: ConsentPurpose[] }>('GET', '/api/v1/consent-purposes');
  createPurpose = (purpose: NewConsentPurpose) =>
    this.api.request<ConsentPurpose>('POST', '/api/v1/consent-purposes', purpose);
  updatePurpose = (id: string, changes: ConsentPurposeChanges) =>
    this.api.request<ConsentPurpose>('PUT', `/api/v1/consent-purposes/${path(id)}`, changes);

  ofContact = (contactId: string) =>
    this.api.request<ContactConsents>('GET', `/api/v1/contacts/${path(contactId)}/consents`);
  record = (contactId: string, entry: RecordConsent) =>
    this.api.request<ContactConsents>('PUT', `/api/v1/contacts/${path(contactId)}/consents`, entry);
}
