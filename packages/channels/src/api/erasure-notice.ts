/**
 * GDPR Art. 19: recipients of a contact's data are told of its erasure. An API inbox's webhook (the
 * company's app backend) gets `contact.erased` with ids only, signed like every webhook, as a job.
 */
import type { JobPayloads, Repositories } from '@sofortdesk/domain';
import { postToWebhook } from './deliver-message.ts';

export interface ErasureNoticeDeps {
  repos: Pick<Repositories, 'inboxes'>;
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}

export async function deliverErasureNotice(
  deps: ErasureNoticeDeps,
  accountId: string,
  payload: JobPayloads['privacy.notify-erasure'],
  idempotencyKey: string,
): Promise<void> {
  const webhook = await deps.repos.inboxes.getWebhook(accountId, payload.inboxId);
  if (!webhook) return;
  // No personal data: the contact's id lets the company's systems erase their copy too.
  const body = JSON.stringify({
    type: 'contact.erased',
    contact: { id: payload.contactId },
    receiptId: payload.receiptId,
  });
  await postToWebhook(webhook, body, idempotencyKey, deps);
}
