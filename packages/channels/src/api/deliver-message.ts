/**
 * The API channel's outbound side: an agent's reply is POSTed, signed, to the inbox's webhook (the
 * customer's app backend or phone system). Runs as a job, so a receiver that is down gets it later.
 */
import { PermanentJobError, type JobPayloads, type Repositories } from '@sofortdesk/domain';
import { BlockedAddressError, guardedPost } from '../net/guarded-post.ts';
import { SIGNATURE_HEADER, signPayload } from './signature.ts';

export interface DeliverDeps {
  repos: Pick<Repositories, 'messages' | 'inboxes'>;
  /** Off by default: webhooks may only reach public internet addresses (see guarded-post.ts). */
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}

export async function deliverApiMessage(
  deps: DeliverDeps,
  accountId: string,
  payload: JobPayloads['api.deliver-message'],
  idempotencyKey: string,
): Promise<void> {
  const message = await deps.repos.messages.get(accountId, payload.messageId);
  const webhook = await deps.repos.inboxes.getWebhook(accountId, payload.inboxId);
  // Loop guards: only agents' customer-visible replies leave; never notes, never the customer's own words.
  if (!message || !webhook || message.kind !== 'text' || message.direction !== 'out') return;
  const body = JSON.stringify({
    type: 'message.created',
    message: {
      id: message.id,
      conversationId: message.conversationId,
      inboxId: message.inboxId,
      text: message.text,
      attachments: message.attachments,
      createdAt: message.createdAt,
    },
  });
  await postToWebhook(webhook, body, idempotencyKey, deps);
}

/**
 * POSTs a JSON body to an inbox's webhook, signed, with the job's idempotency key. A forbidden
 * address is permanent (dead-lettered at once); anything but 2xx is retried by the job.
 */
export async function postToWebhook(
  webhook: { url: string; secret: string },
  body: string,
  idempotencyKey: string,
  options: { allowPrivateNetworks: boolean; timeoutMs?: number },
): Promise<void> {
  let status: number;
  try {
    ({ status } = await guardedPost(webhook.url, {
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        [SIGNATURE_HEADER]: signPayload(webhook.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      timeoutMs: options.timeoutMs ?? 10_000,
      allowPrivateNetworks: options.allowPrivateNetworks,
    }));
  } catch (error) {
    if (error instanceof BlockedAddressError) throw new PermanentJobError(`webhook ${error.message}`);
    throw error;
  }
  if (status < 200 || status > 299) throw new Error(`webhook answered ${status}`);
}
