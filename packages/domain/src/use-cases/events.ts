import type { DomainEvent } from '../events.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type { UseCaseDeps } from './deps.ts';

/** Whether this actor may receive this event (realtime and replay use the same rule). */
export function canReceive(actor: Actor, event: DomainEvent): boolean {
  if (event.accountId !== actor.accountId || actor.role === 'partner') return false;
  return event.inboxId === null || canSee(actor, { accountId: event.accountId, inboxId: event.inboxId });
}

/** The events after a cursor that this actor may see: what a reconnecting client missed. */
export async function listEventsAfter(
  deps: UseCaseDeps,
  actor: Actor,
  cursor: number,
  limit: number,
): Promise<{ events: DomainEvent[]; lastCursor: number }> {
  authorize(actor, 'events.read');
  const events = await deps.uow.repos.events.listAfter(actor.accountId, cursor, limit);
  const lastCursor = events.at(-1)?.cursor ?? cursor;
  return { events: events.filter((event) => canReceive(actor, event)), lastCursor };
}
