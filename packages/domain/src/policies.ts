/**
 * Who may do what. Every use case asks here; handlers never check roles themselves.
 *
 * - admin: everything in their account.
 * - agent: conversations, contacts and messages of the inboxes they are a member of.
 * - partner: knowledge contributions only (no customer data): read and propose changes in the
 *   collections granted to them; an agent reviews every proposal.
 *
 * A resource of another account is reported as not found, never as forbidden, so ids of other
 * tenants cannot be probed.
 */
import { ForbiddenError, NotFoundError } from './errors.ts';
import type { Role } from './types.ts';

export interface Actor {
  userId: string;
  accountId: string;
  role: Role;
  /** Inboxes an agent is a member of. Admins see all inboxes of their account. */
  inboxIds: readonly string[];
}

export type Action =
  | 'inbox.create'
  | 'inbox.manage'
  | 'inbox.read'
  | 'inbox.ingest'
  | 'conversation.read'
  | 'conversation.update'
  | 'conversation.reply'
  | 'contact.read'
  | 'contact.merge'
  | 'team.manage'
  | 'agent.manage'
  | 'agent.read'
  | 'token.create'
  | 'events.read'
  | 'knowledge.read'
  | 'knowledge.edit'
  | 'knowledge.propose'
  | 'knowledge.review'
  | 'knowledge.manage'
  | 'cannedAnswer.read'
  | 'cannedAnswer.manage'
  | 'consent.read'
  | 'consent.record'
  | 'consent.manage'
  | 'contact.export'
  | 'contact.erase'
  | 'audit.read'
  | 'privacy.manage'
  | 'sla.read'
  | 'sla.manage'
  | 'routing.manage'
  | 'triage.read'
  | 'contact.attributes'
  | 'caseShare.read'
  | 'caseShare.create';

const ACCOUNT_WIDE: Record<Action, readonly Role[]> = {
  'inbox.create': ['admin'],
  'inbox.manage': ['admin'],
  'inbox.read': ['admin', 'agent'],
  'inbox.ingest': ['admin', 'agent'],
  'conversation.read': ['admin', 'agent'],
  'conversation.update': ['admin', 'agent'],
  'conversation.reply': ['admin', 'agent'],
  'contact.read': ['admin', 'agent'],
  'contact.merge': ['admin', 'agent'],
  'team.manage': ['admin'],
  'agent.manage': ['admin'],
  'agent.read': ['admin', 'agent'],
  'token.create': ['admin', 'agent', 'partner'],
  'events.read': ['admin', 'agent'],
  // Partners read and propose only in the collections granted to them (checked by the use case).
  'knowledge.read': ['admin', 'agent', 'partner'],
  'knowledge.edit': ['admin', 'agent'],
  'knowledge.propose': ['partner'],
  'knowledge.review': ['admin', 'agent'],
  'knowledge.manage': ['admin'],
  'cannedAnswer.read': ['admin', 'agent'],
  'cannedAnswer.manage': ['admin'],
  // Consents are customer data: never partners. Agents record what a customer said on the phone.
  'consent.read': ['admin', 'agent'],
  'consent.record': ['admin', 'agent'],
  'consent.manage': ['admin'],
  // GDPR (use-cases/privacy.ts): agents hand a customer their data; erasure and the audit log are admins'.
  'contact.export': ['admin', 'agent'],
  'contact.erase': ['admin'],
  'audit.read': ['admin'],
  'privacy.manage': ['admin'],
  // SLA policies: agents see which apply (names on the timers); admins set them and read the breach log.
  'sla.read': ['admin', 'agent'],
  'sla.manage': ['admin'],
  // Routing rules decide where every message goes: admins. Triage signals are customer data: never partners.
  'routing.manage': ['admin'],
  'triage.read': ['admin', 'agent'],
  'contact.attributes': ['admin', 'agent'],
  // Per-case shares: agents of the conversation's inbox see them; the company's app shares (API token).
  'caseShare.read': ['admin', 'agent'],
  'caseShare.create': ['admin', 'agent'],
};

export function can(
  actor: Actor,
  action: Action,
  resource?: { accountId: string; inboxId?: string },
): boolean {
  if (!ACCOUNT_WIDE[action].includes(actor.role)) return false;
  if (!resource) return true;
  if (resource.accountId !== actor.accountId) return false;
  if (resource.inboxId === undefined || actor.role === 'admin') return true;
  return actor.inboxIds.includes(resource.inboxId);
}

/**
 * Throws unless the actor may act on the resource. A resource the actor cannot see at all (other
 * account, inbox without membership) is NotFound; a visible one with a missing right is Forbidden.
 */
export function authorize(
  actor: Actor,
  action: Action,
  resource?: { accountId: string; inboxId?: string },
  entity = 'resource',
): void {
  if (can(actor, action, resource)) return;
  if (resource && !canSee(actor, resource)) throw new NotFoundError(entity);
  throw new ForbiddenError();
}

/** Whether the resource exists for this actor at all. */
export function canSee(actor: Actor, resource: { accountId: string; inboxId?: string }): boolean {
  if (resource.accountId !== actor.accountId) return false;
  if (actor.role === 'admin' || resource.inboxId === undefined) return true;
  if (actor.role === 'partner') return false;
  return actor.inboxIds.includes(resource.inboxId);
}

/** The inbox filter for list queries: undefined for admins (all), the memberships for agents. */
export function visibleInboxIds(actor: Actor): string[] | undefined {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'partner') return [];
  return [...actor.inboxIds];
}
