import type { JobHandlers } from '@sofortdesk/bus';
import type { Config } from '@sofortdesk/config';
import { deliverApiMessage, deliverErasureNotice, type MailSender } from '@sofortdesk/channels';
import {
  eraseContact,
  type BlobStore,
  learnFromConversation,
  runAutoAnswer,
  unsnoozeConversation,
  type AutoAnswerDeps,
  type UseCaseDeps,
} from '@sofortdesk/domain';

/** Which code runs each job type. Adding a job type without a handler fails the type check. */
export function jobHandlers(
  deps: UseCaseDeps,
  config: Pick<Config, 'webhooks'>,
  /** The knowledge engine for automatic answers (answering, detectors, help-centre links). */
  knowledge: Omit<AutoAnswerDeps, keyof UseCaseDeps>,
  /** Outbound mail through the relay (channels/email/send.ts). */
  mail: MailSender,
  /** GDPR erasure: the files to delete and the in-memory caches to drop (knowledge indexes). */
  privacy: { blobs: BlobStore; invalidateCaches(accountId: string): void },
): JobHandlers {
  return {
    'conversation.unsnooze': (payload, job) => unsnoozeConversation(deps, job.accountId ?? '', payload),
    'api.deliver-message': (payload, job) =>
      deliverApiMessage(
        { repos: deps.uow.repos, allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
        job.accountId ?? '',
        payload,
        job.idempotencyKey,
      ),
    'knowledge.auto-answer': (payload, job) =>
      runAutoAnswer({ ...deps, ...knowledge }, job.accountId ?? '', payload),
    'knowledge.learn-from-conversation': async (payload, job) => {
      await learnFromConversation({ ...deps, answering: knowledge.answering }, job.accountId ?? '', payload);
    },
    'email.send-message': (payload, job) => mail.send(job.accountId ?? '', payload),
    'privacy.erase-contact': (payload, job) =>
      eraseContact({ ...deps, ...privacy }, job.accountId ?? '', payload),
    'privacy.notify-erasure': (payload, job) =>
      deliverErasureNotice(
        { repos: deps.uow.repos, allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
        job.accountId ?? '',
        payload,
        job.idempotencyKey,
      ),
  };
}
