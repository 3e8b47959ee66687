import type { JobHandlers } from '@sofortdesk/bus';
import type { Config } from '@sofortdesk/config';
import { deliverApiMessage } from '@sofortdesk/channels';
import { unsnoozeConversation, type UseCaseDeps } from '@sofortdesk/domain';

/** Which code runs each job type. Adding a job type without a handler fails the type check. */
export function jobHandlers(deps: UseCaseDeps, config: Pick<Config, 'webhooks'>): JobHandlers {
  return {
    'conversation.unsnooze': (payload, job) => unsnoozeConversation(deps, job.accountId ?? '', payload),
    'api.deliver-message': (payload, job) =>
      deliverApiMessage(
        { repos: deps.uow.repos, allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
        job.accountId ?? '',
        payload,
        job.idempotencyKey,
      ),
  };
}
