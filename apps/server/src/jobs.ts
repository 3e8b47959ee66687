import type { JobHandlers } from '@sofortdesk/bus';
import type { Config } from '@sofortdesk/config';
import {
  deliverApiMessage,
  deliverErasureNotice,
  type MailSender,
  type PrivacyLinkMailer,
} from '@sofortdesk/channels';
import {
  checkSla,
  assignConversation,
  drainAssignmentQueue,
  eraseContact,
  expireCaseShare,
  runRetention,
  type BlobStore,
  learnFromConversation,
  runAutoAnswer,
  runTriage,
  type TriageDeps,
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
  privacy: {
    blobs: BlobStore;
    invalidateCaches(accountId: string): void;
    /** Progress of long jobs (retention batches); no personal data. */
    log?: (message: string, fields: Record<string, unknown>) => void;
    /** The privacy centre's one-time login links, mailed through the relay. */
    loginLinks: Pick<PrivacyLinkMailer, 'send'>;
  },
  /** Triage of inbound messages: the signals engine and where rule problems are logged. */
  triage: Omit<TriageDeps, keyof UseCaseDeps>,
): JobHandlers {
  return {
    'conversation.unsnooze': (payload, job) => unsnoozeConversation(deps, job.accountId ?? '', payload),
    'conversation.assign': (payload, job) => assignConversation(deps, job.accountId ?? '', payload),
    'assignment.drain': async (_payload, job) => {
      await drainAssignmentQueue(deps, job.accountId ?? '');
    },
    'api.deliver-message': (payload, job) =>
      deliverApiMessage(
        { repos: deps.uow.repos, allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
        job.accountId ?? '',
        payload,
        job.idempotencyKey,
      ),
    'triage.message': (payload, job) => runTriage({ ...deps, ...triage }, job.accountId ?? '', payload),
    'knowledge.auto-answer': (payload, job) =>
      runAutoAnswer({ ...deps, ...knowledge }, job.accountId ?? '', payload),
    'knowledge.learn-from-conversation': async (payload, job) => {
      await learnFromConversation({ ...deps, answering: knowledge.answering }, job.accountId ?? '', payload);
    },
    'email.send-message': (payload, job) => mail.send(job.accountId ?? '', payload),
    'privacy.erase-contact': (payload, job) =>
      eraseContact({ ...deps, ...privacy }, job.accountId ?? '', payload),
    'privacy.send-login-link': (payload, job) => privacy.loginLinks.send(job.accountId ?? '', payload),
    'case-share.expire': (payload, job) =>
      expireCaseShare({ ...deps, blobs: privacy.blobs }, job.accountId ?? '', payload),
    'privacy.retention': async (payload, job) => {
      const log = privacy.log ?? (() => {});
      await runRetention({ ...deps, ...privacy, log }, job.accountId ?? '', payload);
    },
    'sla.check': (payload, job) => checkSla(deps, job.accountId ?? '', payload),
    'privacy.notify-erasure': (payload, job) =>
      deliverErasureNotice(
        { repos: deps.uow.repos, allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
        job.accountId ?? '',
        payload,
        job.idempotencyKey,
      ),
  };
}
