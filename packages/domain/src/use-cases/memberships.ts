/**
 * Who works where: the agents of an inbox (they see its conversations) and the members of a team.
 * Admins change memberships; agents may look them up. Every id is read in the actor's account first,
 * so an id of another account is "not found" (404) for everyone, before any right is checked.
 */
import { NotFoundError } from '../errors.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Inbox, Team, User } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

async function loadInbox(repos: Repositories, actor: Actor, inboxId: string): Promise<Inbox> {
  const inbox = await repos.inboxes.get(actor.accountId, inboxId);
  if (!inbox || !canSee(actor, { accountId: inbox.accountId, inboxId: inbox.id })) {
    throw new NotFoundError('Inbox');
  }
  return inbox;
}

async function loadTeam(repos: Repositories, actor: Actor, teamId: string): Promise<Team> {
  const team = await repos.teams.get(actor.accountId, teamId);
  if (!team) throw new NotFoundError('Team');
  return team;
}

async function loadUser(repos: Repositories, actor: Actor, userId: string): Promise<User> {
  const user = await repos.users.get(actor.accountId, userId);
  if (!user) throw new NotFoundError('Agent');
  return user;
}

async function usersByIds(repos: Repositories, accountId: string, ids: string[]): Promise<User[]> {
  const wanted = new Set(ids);
  return (await repos.users.list(accountId)).filter((user) => wanted.has(user.id));
}

// ---- inboxes ----

export async function listInboxMembers(deps: UseCaseDeps, actor: Actor, inboxId: string): Promise<User[]> {
  const repos = deps.uow.repos;
  const inbox = await loadInbox(repos, actor, inboxId);
  authorize(actor, 'inbox.read', { accountId: inbox.accountId, inboxId: inbox.id }, 'Inbox');
  return usersByIds(repos, actor.accountId, await repos.inboxes.memberIds(actor.accountId, inbox.id));
}

/** Adds the agent to the inbox; adding a member again changes nothing. */
export async function addInboxMember(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
  userId: string,
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const inbox = await loadInbox(repos, actor, inboxId);
    const user = await loadUser(repos, actor, userId);
    authorize(actor, 'inbox.manage', { accountId: inbox.accountId, inboxId: inbox.id }, 'Inbox');
    await repos.inboxes.addMember(actor.accountId, inbox.id, user.id);
  });
}

/** The agent stops seeing the inbox's conversations with their next request. */
export async function removeInboxMember(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
  userId: string,
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const inbox = await loadInbox(repos, actor, inboxId);
    const user = await loadUser(repos, actor, userId);
    authorize(actor, 'inbox.manage', { accountId: inbox.accountId, inboxId: inbox.id }, 'Inbox');
    await repos.inboxes.removeMember(actor.accountId, inbox.id, user.id);
  });
}

// ---- teams ----

export async function listTeamMembers(deps: UseCaseDeps, actor: Actor, teamId: string): Promise<User[]> {
  const repos = deps.uow.repos;
  const team = await loadTeam(repos, actor, teamId);
  authorize(actor, 'agent.read', { accountId: team.accountId }, 'Team');
  return usersByIds(repos, actor.accountId, await repos.teams.memberIds(actor.accountId, team.id));
}

export async function addTeamMember(
  deps: UseCaseDeps,
  actor: Actor,
  teamId: string,
  userId: string,
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const team = await loadTeam(repos, actor, teamId);
    const user = await loadUser(repos, actor, userId);
    authorize(actor, 'team.manage', { accountId: team.accountId }, 'Team');
    await repos.teams.addMember(actor.accountId, team.id, user.id);
  });
}

export async function removeTeamMember(
  deps: UseCaseDeps,
  actor: Actor,
  teamId: string,
  userId: string,
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const team = await loadTeam(repos, actor, teamId);
    const user = await loadUser(repos, actor, userId);
    authorize(actor, 'team.manage', { accountId: team.accountId }, 'Team');
    await repos.teams.removeMember(actor.accountId, team.id, user.id);
  });
}
