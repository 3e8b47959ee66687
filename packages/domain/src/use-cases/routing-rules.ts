/**
 * Routing rules (admins): list in evaluation order with their problems, create, change, delete,
 * reorder; and a conversation's triage signals for the workspace (agents of its inbox).
 */
import { ConflictError, InvalidError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import {
  actionsProblem,
  conditionProblem,
  orderRules,
  type RoutingActions,
  type RoutingCondition,
  type RoutingContext,
  type RoutingRule,
} from '../routing.ts';
import type { MessageTriage, RoutingRuleInput } from '../triage.ts';
import type { UseCaseDeps } from './deps.ts';
import { ensureFallbackRule } from './triage-message.ts';

export interface RoutingRuleView extends RoutingRule {
  /** What keeps the rule from being evaluated now, or what went wrong the last time; null: fine. */
  problems: string[];
}

type Known = RoutingContext['known'];

async function knownIds(repos: Repositories, accountId: string): Promise<Known> {
  const [teams, users, inboxes, policies] = await Promise.all([
    repos.teams.list(accountId),
    repos.users.list(accountId),
    repos.inboxes.list(accountId),
    repos.sla.listPolicies(accountId),
  ]);
  return {
    teamIds: new Set(teams.map((t) => t.id)),
    userIds: new Set(users.filter((u) => u.role !== 'partner').map((u) => u.id)),
    inboxIds: new Set(inboxes.map((i) => i.id)),
    slaPolicyIds: new Set(policies.map((p) => p.id)),
  };
}

/** Problems a rule has in the account as it is now (a deleted team, an invalid stored condition). */
function currentProblems(rule: RoutingRule, known: Known): string[] {
  const problems: string[] = [];
  const context = { known } as RoutingContext;
  if (!rule.isFallback) {
    for (const condition of rule.conditions) {
      const problem = conditionProblem(condition);
      if (problem) problems.push(problem);
      else if (condition.kind === 'inbox' && !condition.in.some((id) => known.inboxIds.has(id))) {
        problems.push('inbox no longer exists');
      }
    }
  }
  const action = actionsProblem(rule.actions, context);
  if (action) problems.push(action);
  if (rule.problem && !problems.includes(rule.problem)) problems.push(rule.problem);
  return problems;
}

/** What an admin may save: valid conditions, and actions naming what exists. */
function validate(input: Partial<RoutingRuleInput>, known: Known, isFallback: boolean): void {
  const details: { path: string; message: string }[] = [];
  if (isFallback && input.conditions && input.conditions.length > 0) {
    details.push({ path: 'conditions', message: 'the fallback rule has no conditions' });
  }
  input.conditions?.forEach((condition: RoutingCondition, i) => {
    const problem = conditionProblem(condition);
    if (problem) details.push({ path: `conditions.${i}`, message: problem });
    else if (condition.kind === 'inbox' && condition.in.some((id) => !known.inboxIds.has(id))) {
      details.push({ path: `conditions.${i}.in`, message: 'no such inbox' });
    }
  });
  const actions: RoutingActions | undefined = input.actions;
  if (actions) {
    const problem = actionsProblem(actions, { known } as RoutingContext);
    if (problem) details.push({ path: 'actions', message: problem });
  }
  if (details.length > 0) throw new InvalidError('The rule is not valid.', details);
}

async function load(repos: Repositories, actor: Actor, id: string): Promise<RoutingRule> {
  const rule = await repos.triage.getRule(actor.accountId, id);
  if (!rule) throw new NotFoundError('Routing rule');
  return rule;
}

const view = (rule: RoutingRule, known: Known): RoutingRuleView => ({
  ...rule,
  problems: currentProblems(rule, known),
});

export async function listRoutingRules(deps: UseCaseDeps, actor: Actor): Promise<RoutingRuleView[]> {
  authorize(actor, 'routing.manage');
  return deps.uow.transaction(async (repos) => {
    const rules = orderRules(await ensureFallbackRule(repos, actor.accountId));
    const known = await knownIds(repos, actor.accountId);
    return rules.map((rule) => view(rule, known));
  });
}

export async function createRoutingRule(
  deps: UseCaseDeps,
  actor: Actor,
  input: RoutingRuleInput,
): Promise<RoutingRuleView> {
  authorize(actor, 'routing.manage');
  return deps.uow.transaction(async (repos) => {
    const known = await knownIds(repos, actor.accountId);
    validate(input, known, false);
    const rules = await ensureFallbackRule(repos, actor.accountId);
    // New rules go last before the fallback: an admin moves them up deliberately.
    const position = Math.max(-1, ...rules.filter((r) => !r.isFallback).map((r) => r.position)) + 1;
    const rule = await repos.triage.createRule(actor.accountId, { ...input, position, isFallback: false });
    return view(rule, known);
  });
}

export async function updateRoutingRule(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  changes: Partial<RoutingRuleInput>,
): Promise<RoutingRuleView> {
  return deps.uow.transaction(async (repos) => {
    const rule = await load(repos, actor, id);
    authorize(actor, 'routing.manage', { accountId: rule.accountId }, 'Routing rule');
    const known = await knownIds(repos, actor.accountId);
    validate(changes, known, rule.isFallback);
    // The fallback catches everything: it cannot be switched off.
    const { enabled, ...rest } = changes;
    const updated = await repos.triage.updateRule(actor.accountId, id, rule.isFallback ? rest : changes);
    void enabled;
    return view(updated, known);
  });
}

export async function deleteRoutingRule(deps: UseCaseDeps, actor: Actor, id: string): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const rule = await load(repos, actor, id);
    authorize(actor, 'routing.manage', { accountId: rule.accountId }, 'Routing rule');
    if (rule.isFallback) throw new ConflictError('The fallback rule cannot be deleted.');
    await repos.triage.deleteRule(actor.accountId, id);
  });
}

/** Sets the order of the account's rules (every rule but the fallback, which stays last). */
export async function reorderRoutingRules(
  deps: UseCaseDeps,
  actor: Actor,
  ids: string[],
): Promise<RoutingRuleView[]> {
  authorize(actor, 'routing.manage');
  return deps.uow.transaction(async (repos) => {
    const rules = await ensureFallbackRule(repos, actor.accountId);
    const movable = rules.filter((r) => !r.isFallback).map((r) => r.id);
    const same =
      ids.length === movable.length &&
      new Set(ids).size === ids.length &&
      ids.every((id) => movable.includes(id));
    if (!same) {
      throw new InvalidError('Name every rule except the fallback exactly once.', [
        { path: 'ids', message: 'must list every rule except the fallback exactly once' },
      ]);
    }
    await repos.triage.setPositions(actor.accountId, ids);
    const known = await knownIds(repos, actor.accountId);
    return orderRules(await repos.triage.listRules(actor.accountId)).map((rule) => view(rule, known));
  });
}

/** The newest triage of a conversation (what the workspace shows as chips); undefined: none yet. */
export async function getConversationTriage(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
): Promise<MessageTriage | undefined> {
  const repos = deps.uow.repos;
  const conversation = await repos.conversations.get(actor.accountId, conversationId);
  if (!conversation) throw new NotFoundError('Conversation');
  authorize(actor, 'triage.read', conversation, 'Conversation');
  return repos.triage.latestForConversation(actor.accountId, conversationId);
}

export type ContactAttributes = Record<string, string | number | boolean>;

/** Sets a contact's attributes (replacing them) that routing rules look at, e.g. `vip: true`. */
export async function setContactAttributes(
  deps: UseCaseDeps,
  actor: Actor,
  contactId: string,
  attributes: ContactAttributes,
): Promise<ContactAttributes> {
  return deps.uow.transaction(async (repos) => {
    const contact = await repos.contacts.get(actor.accountId, contactId);
    if (!contact) throw new NotFoundError('Contact');
    authorize(actor, 'contact.attributes', { accountId: contact.accountId }, 'Contact');
    await repos.triage.setContactAttributes(actor.accountId, contactId, attributes);
    return attributes;
  });
}
