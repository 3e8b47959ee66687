import type { JobHandlers } from '@sofortdesk/bus';
import { deliverApiMessage } from '@sofortdesk/channels';
import { unsnoozeConversation, type UseCaseDeps } from '@sofortdesk/domain';

/** Which code runs each job type. Adding a job type without a handler fails the type check. */
export function jobHandlers(deps: UseCaseDeps): JobHandlers {
  return {
    'conversation.unsnooze': (payload, job) => unsnoozeConversation(deps, job.accountId ?? '', payload),
    'api.deliver-message': (payload, job) =>
      deliverApiMessage({ repos: deps.uow.repos }, job.accountId ?? '', payload, job.idempotencyKey),
  };
}
