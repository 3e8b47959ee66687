import { ConflictError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Language, Role, Team, User } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

/** Hashing is I/O-heavy and belongs to an adapter (argon2id); the use case only asks for it. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface CreateAgentInput {
  email: string;
  name: string;
  role: Role;
  language: Language;
  password: string | null;
  inboxIds: string[];
  teamIds: string[];
}

export async function createAgent(
  deps: UseCaseDeps & { passwords: PasswordHasher },
  actor: Actor,
  input: CreateAgentInput,
): Promise<User> {
  authorize(actor, 'agent.manage');
  const passwordHash = input.password === null ? null : await deps.passwords.hash(input.password);
  return deps.uow.transaction(async (repos) => {
    if (await repos.users.findForLogin(input.email.toLowerCase())) {
      throw new ConflictError('A user with this e-mail address exists already.');
    }
    const user = await repos.users.create({
      accountId: actor.accountId,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      language: input.language,
      passwordHash,
    });
    for (const inboxId of input.inboxIds) {
      if (!(await repos.inboxes.get(actor.accountId, inboxId))) throw new NotFoundError('Inbox');
      await repos.inboxes.addMember(actor.accountId, inboxId, user.id);
    }
    for (const teamId of input.teamIds) {
      if (!(await repos.teams.get(actor.accountId, teamId))) throw new NotFoundError('Team');
      await repos.teams.addMember(actor.accountId, teamId, user.id);
    }
    return user;
  });
}

export async function listAgents(deps: UseCaseDeps, actor: Actor): Promise<User[]> {
  authorize(actor, 'agent.read');
  return deps.uow.repos.users.list(actor.accountId);
}

export async function createTeam(
  deps: UseCaseDeps,
  actor: Actor,
  input: { name: string; memberIds: string[] },
): Promise<Team> {
  authorize(actor, 'team.manage');
  return deps.uow.transaction(async (repos) => {
    const team = await repos.teams.create({ accountId: actor.accountId, name: input.name });
    for (const userId of input.memberIds) {
      if (!(await repos.users.get(actor.accountId, userId))) throw new NotFoundError('Agent');
      await repos.teams.addMember(actor.accountId, team.id, userId);
    }
    return team;
  });
}

export async function listTeams(deps: UseCaseDeps, actor: Actor): Promise<Team[]> {
  authorize(actor, 'agent.read');
  return deps.uow.repos.teams.list(actor.accountId);
}

export async function getAgentSelf(deps: UseCaseDeps, actor: Actor): Promise<User> {
  const user = await deps.uow.repos.users.get(actor.accountId, actor.userId);
  if (!user) throw new NotFoundError('Agent');
  return user;
}

export interface AgentChanges {
  name?: string;
  role?: Role;
  language?: Language;
}

/**
 * Renames an agent, changes their role or language. The account keeps at least one admin: without
 * one, nobody could manage it any more.
 */
export async function updateAgent(
  deps: UseCaseDeps,
  actor: Actor,
  userId: string,
  changes: AgentChanges,
): Promise<User> {
  return deps.uow.transaction(async (repos) => {
    const user = await repos.users.get(actor.accountId, userId);
    if (!user) throw new NotFoundError('Agent');
    authorize(actor, 'agent.manage', { accountId: user.accountId }, 'Agent');
    if (user.role === 'admin' && changes.role !== undefined && changes.role !== 'admin') {
      const admins = (await repos.users.list(actor.accountId)).filter((other) => other.role === 'admin');
      if (admins.length <= 1) throw new ConflictError('The account needs at least one admin.');
    }
    return repos.users.update(actor.accountId, user.id, changes);
  });
}
