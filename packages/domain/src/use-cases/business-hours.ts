/**
 * An inbox's business hours (any channel): admins set them; the widget shows the expected reply time
 * or when the team is back, and triage/SLA will count only open time (see ../business-hours.ts).
 */
import { availabilityAt, businessHoursIssues, type Availability } from '../business-hours.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type { BusinessHours, Inbox } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

/** Sets (or with null removes) the inbox's business hours. Holidays are kept sorted and unique. */
export async function setBusinessHours(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
  hours: BusinessHours | null,
): Promise<Inbox> {
  if (hours) {
    const issues = businessHoursIssues(hours);
    if (issues.length > 0) {
      throw new InvalidError(
        'The business hours are not valid.',
        issues.map((issue) => ({ ...issue, path: `businessHours.${issue.path}` })),
      );
    }
  }
  const normalised = hours && { ...hours, holidays: [...new Set(hours.holidays)].sort() };
  return deps.uow.transaction(async (repos) => {
    const inbox = await repos.inboxes.get(actor.accountId, inboxId);
    const scope = inbox && { accountId: inbox.accountId, inboxId: inbox.id };
    if (!scope || !canSee(actor, scope)) throw new NotFoundError('Inbox');
    authorize(actor, 'inbox.manage', scope, 'Inbox');
    const updated = await repos.inboxes.setBusinessHours(actor.accountId, inboxId, normalised);
    if (!updated) throw new NotFoundError('Inbox');
    return updated;
  });
}

/** Open now, or when again; null when the inbox has no hours (the widget then promises nothing). */
export function inboxAvailability(deps: UseCaseDeps, inbox: Inbox): Availability | null {
  return inbox.businessHours && availabilityAt(inbox.businessHours, deps.clock.now());
}
