/**
 * GDPR Art. 19: recipients of a contact's data are told of its erasure. An API inbox's webhook (the
 * company's app backend) gets `contact.erased` with ids only, signed like every webhook, as a job.
 */
import { PermanentJobError, type JobPayloads, type Repositories } from '@sofortdesk/domain';
import { BlockedAddressError, guardedPost } from '../net/guarded-post.ts';
import { SIGNATURE_HEADER, signPayload } from './signature.ts';

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
  let status: number;
  try {
    ({ status } = await guardedPost(webhook.url, {
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        [SIGNATURE_HEADER]: signPayload(webhook.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      timeoutMs: deps.timeoutMs ?? 10_000,
      allowPrivateNetworks: deps.allowPrivateNetworks,
    }));
  } catch (error) {
    if (error instanceof BlockedAddressError) throw new PermanentJobError(`webhook ${error.message}`);
    throw error;
  }
  if (status < 200 || status > 299) throw new Error(`webhook answered ${status}`);
}
