/**
 * Automatic assignment (issue 6): the `conversation.assign` job, the fair queue, agents' presence and
 * the admins' settings. The choice itself is the pure `chooseAssignee` (assignment.ts).
 *
 * The queue: a conversation the job could not place keeps `assignment_queued_at`. Whenever capacity
 * frees (a conversation resolved, snoozed or unassigned, an agent online again or given more
 * capacity), `assignment.drain` walks the queue oldest-waiting first and assigns what it can; a new
 * conversation's job also drains, so it never overtakes older ones waiting for the same agents.
 *
 * Never above capacity, also with concurrent jobs in several processes: each assignment locks the
 * candidate agents' rows (PostgreSQL FOR UPDATE, in id order), then counts their open conversations
 * and assigns, all in one transaction. SQLite serialises write transactions anyway.
 */
import {
  ASSIGNMENT_STRATEGIES,
  DEFAULT_CAPACITY,
  MAX_CAPACITY,
  assignmentEventText,
  chooseAssignee,
  effectiveAvailability,
  normaliseTopics,
  type AgentAssignmentProfile,
  type AssignmentReason,
  type AssignmentStrategy,
  type AgentAvailability,
  type TeamAssignmentSettings,
} from '../assignment.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import { LANGUAGES, type Conversation, type Language } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

/** One drain looks at this many waiting conversations; the next capacity change drains again. */
const DRAIN_BATCH = 200;

/** Enqueues the job that assigns the conversation (or queues it); one per trigger key. */
export async function enqueueAssignment(
  repos: Repositories,
  accountId: string,
  conversationId: string,
  trigger: string,
): Promise<void> {
  await repos.jobs.enqueue(accountId, {
    type: 'conversation.assign',
    payload: { conversationId },
    idempotencyKey: `conversation.assign:${conversationId}:${trigger}`,
  });
}

/**
 * Capacity may have freed: let the queue move. The key names the cause and the moment, so every
 * cause gets its own run (a run already finished must not swallow a later one).
 */
export async function enqueueAssignmentDrain(
  repos: Repositories,
  accountId: string,
  reason: string,
  at: string,
): Promise<void> {
  await repos.jobs.enqueue(accountId, {
    type: 'assignment.drain',
    payload: { reason },
    idempotencyKey: `assignment.drain:${reason}:${at}`,
  });
}

/** Whether new work of this team is assigned automatically (routing calls it after setting a team). */
export async function teamAssignsAutomatically(
  repos: Repositories,
  accountId: string,
  teamId: string | null,
): Promise<boolean> {
  if (teamId === null) return false;
  const settings = await repos.assignment.teamSettings(accountId);
  return settings.some((team) => team.teamId === teamId && team.autoAssign);
}

/** Job handler `conversation.assign`: into the queue, then the queue moves (oldest first). */
export async function assignConversation(
  deps: UseCaseDeps,
  accountId: string,
  payload: { conversationId: string },
): Promise<void> {
  const queued = await deps.uow.transaction(async (repos) => {
    const conversation = await repos.conversations.get(accountId, payload.conversationId);
    if (!conversation || conversation.assigneeId !== null || !needsAgent(conversation)) return false;
    await repos.assignment.setQueued(accountId, conversation.id, deps.clock.now().toISOString());
    return true;
  });
  if (queued) await drainAssignmentQueue(deps, accountId);
}

const needsAgent = (conversation: Conversation) =>
  conversation.status === 'open' || conversation.status === 'pending';

/**
 * Job handler `assignment.drain`: assigns waiting conversations, the longest-waiting customer first.
 * A conversation nobody can take now (its agents full or away) leaves the others of the same team or
 * inbox waiting too, but not those of other teams, nor one that only lacks a language skill.
 */
export async function drainAssignmentQueue(deps: UseCaseDeps, accountId: string): Promise<number> {
  const waiting = await deps.uow.repos.assignment.queue(accountId, DRAIN_BATCH);
  const blockedScopes = new Set<string>();
  let assigned = 0;
  for (const conversationId of waiting) {
    const outcome = await assignOne(deps, accountId, conversationId, blockedScopes);
    if (outcome.kind === 'assigned') assigned++;
    else if (outcome.kind === 'queued' && outcome.reason !== 'no-language-skill')
      blockedScopes.add(outcome.scope);
  }
  return assigned;
}

type AssignOutcome =
  { kind: 'assigned' } | { kind: 'queued'; scope: string; reason: AssignmentReason } | { kind: 'skipped' };

const scopeOf = (conversation: Conversation) =>
  conversation.teamId !== null ? `team:${conversation.teamId}` : `inbox:${conversation.inboxId}`;

/** Who may take the conversation: its team's members who work in its inbox, else the inbox's agents. */
async function candidateIds(repos: Repositories, conversation: Conversation): Promise<string[]> {
  const { accountId, inboxId, teamId } = conversation;
  const inboxMembers = new Set(await repos.inboxes.memberIds(accountId, inboxId));
  if (teamId === null) return [...inboxMembers].sort();
  const admins = new Set(
    (await repos.users.list(accountId)).filter((u) => u.role === 'admin').map((u) => u.id),
  );
  const members = await repos.teams.memberIds(accountId, teamId);
  return members.filter((id) => inboxMembers.has(id) || admins.has(id)).sort();
}

async function assignOne(
  deps: UseCaseDeps,
  accountId: string,
  conversationId: string,
  blockedScopes: ReadonlySet<string>,
): Promise<AssignOutcome> {
  return deps.uow.transaction(async (repos): Promise<AssignOutcome> => {
    const seen = await repos.conversations.get(accountId, conversationId);
    if (!seen || seen.assigneeId !== null || !needsAgent(seen)) return { kind: 'skipped' };
    const scope = scopeOf(seen);
    if (blockedScopes.has(scope)) return { kind: 'skipped' };
    const ids = await candidateIds(repos, seen);
    await repos.assignment.lockAgents(accountId, ids);
    // Read again under the lock: a concurrent job may have assigned it, or moved it to another team.
    const conversation = await repos.conversations.get(accountId, conversationId);
    if (!conversation || conversation.assigneeId !== null || !needsAgent(conversation))
      return { kind: 'skipped' };
    if (scopeOf(conversation) !== scope) return { kind: 'skipped' };

    const [profiles, loads, strategy, pointer, intent] = await Promise.all([
      repos.assignment.profiles(accountId, ids),
      repos.assignment.loads(accountId, ids),
      strategyOf(repos, accountId, conversation.teamId),
      repos.assignment.pointer(accountId, scope),
      repos.assignment.latestIntent(accountId, conversation.id),
    ]);
    const now = deps.clock.now();
    const choice = chooseAssignee(
      profiles.map((profile) => ({ ...profile, load: loads.get(profile.userId) ?? 0 })),
      {
        language: conversation.language,
        topics: normaliseTopics([...(intent ? [intent] : []), ...conversation.labels]),
      },
      { strategy, pointer, now },
    );
    if (choice.kind === 'queued') return { kind: 'queued', scope, reason: choice.reason };

    const at = now.toISOString();
    const assignee = profiles.find((profile) => profile.userId === choice.userId);
    const updated = await repos.conversations.update(accountId, conversation.id, {
      assigneeId: choice.userId,
    });
    await repos.assignment.setQueued(accountId, conversation.id, null);
    await repos.assignment.setPointer(accountId, scope, choice.userId);
    const account = await repos.accounts.get(accountId);
    const line = await repos.messages.create({
      accountId,
      inboxId: conversation.inboxId,
      conversationId: conversation.id,
      direction: 'out',
      kind: 'event',
      authorType: 'system',
      authorId: null,
      text: assignmentEventText(
        account?.defaultLanguage ?? 'de',
        assignee?.name ?? choice.userId,
        choice.strategy,
        choice.matchedTopic,
      ),
      externalId: null,
      attachments: [],
      at,
    });
    const events: NewEvent[] = [
      {
        type: 'message.created',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { message: line },
      },
      {
        type: 'conversation.updated',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { conversation: updated, changes: ['assigneeId'] },
      },
    ];
    await repos.events.append(accountId, events);
    return { kind: 'assigned' };
  });
}

async function strategyOf(
  repos: Repositories,
  accountId: string,
  teamId: string | null,
): Promise<AssignmentStrategy> {
  if (teamId !== null) {
    const team = (await repos.assignment.teamSettings(accountId)).find((t) => t.teamId === teamId);
    if (team) return team.strategy;
  }
  return repos.assignment.accountStrategy(accountId);
}

// ---- presence ----

export interface AgentPresence {
  availability: AgentAvailability;
  /** What counts for assignment: "online" needs a connected workspace. */
  effective: AgentAvailability;
}

export async function getOwnAvailability(deps: UseCaseDeps, actor: Actor): Promise<AgentPresence> {
  const [profile] = await deps.uow.repos.assignment.profiles(actor.accountId, [actor.userId]);
  if (!profile) throw new NotFoundError('Agent');
  return { availability: profile.availability, effective: effectiveAvailability(profile, deps.clock.now()) };
}

/**
 * The agent says whether they take new work. Choosing "online" also counts as a heartbeat (the
 * workspace that sent it is open), and lets waiting conversations move to them.
 */
export async function setOwnAvailability(
  deps: UseCaseDeps,
  actor: Actor,
  availability: AgentAvailability,
): Promise<AgentPresence> {
  if (actor.role === 'partner') throw new NotFoundError('Agent');
  const at = deps.clock.now().toISOString();
  await deps.uow.transaction(async (repos) => {
    await repos.assignment.setAvailability(
      actor.accountId,
      actor.userId,
      availability,
      availability === 'online' ? at : null,
    );
    if (availability === 'online') {
      await enqueueAssignmentDrain(repos, actor.accountId, `online:${actor.userId}`, at);
    }
  });
  return getOwnAvailability(deps, actor);
}

/**
 * The realtime gateway's heartbeat for a connected agent. An agent who comes back after the grace
 * period (or for the first time) and chose "online" lets the queue move to them.
 */
export async function recordAgentHeartbeat(deps: UseCaseDeps, actor: Actor): Promise<void> {
  if (actor.role === 'partner') return;
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.uow.transaction(async (repos) => {
    const [profile] = await repos.assignment.profiles(actor.accountId, [actor.userId]);
    if (!profile) return;
    const before = effectiveAvailability(profile, now);
    await repos.assignment.touch(actor.accountId, actor.userId, at);
    if (profile.availability === 'online' && before !== 'online') {
      await enqueueAssignmentDrain(repos, actor.accountId, `online:${actor.userId}`, at);
    }
  });
}

// ---- settings ----

export interface AgentAssignmentView extends AgentAssignmentProfile {
  effective: AgentAvailability;
  load: number;
}

export interface AssignmentOverview {
  /** For conversations without a team. */
  strategy: AssignmentStrategy;
  agents: AgentAssignmentView[];
  teams: TeamAssignmentSettings[];
}

/** Presence, load and settings of every agent and team: the admin screen and the team's view. */
export async function getAssignmentOverview(deps: UseCaseDeps, actor: Actor): Promise<AssignmentOverview> {
  authorize(actor, 'agent.read');
  const repos = deps.uow.repos;
  const profiles = await repos.assignment.profiles(actor.accountId);
  const [loads, teams, strategy] = await Promise.all([
    repos.assignment.loads(
      actor.accountId,
      profiles.map((p) => p.userId),
    ),
    repos.assignment.teamSettings(actor.accountId),
    repos.assignment.accountStrategy(actor.accountId),
  ]);
  const now = deps.clock.now();
  return {
    strategy,
    agents: profiles.map((p) => ({
      ...p,
      effective: effectiveAvailability(p, now),
      load: loads.get(p.userId) ?? 0,
    })),
    teams,
  };
}

function checkStrategy(strategy: string): AssignmentStrategy {
  if (!(ASSIGNMENT_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new InvalidError('Unknown strategy.', [
      { path: 'strategy', message: ASSIGNMENT_STRATEGIES.join(' or ') },
    ]);
  }
  return strategy as AssignmentStrategy;
}

export async function setDefaultAssignmentStrategy(
  deps: UseCaseDeps,
  actor: Actor,
  strategy: AssignmentStrategy,
): Promise<AssignmentOverview> {
  authorize(actor, 'team.manage');
  await deps.uow.repos.assignment.setAccountStrategy(actor.accountId, checkStrategy(strategy));
  return getAssignmentOverview(deps, actor);
}

export interface AgentAssignmentChanges {
  capacity?: number;
  languages?: Language[];
  topics?: string[];
}

/** An admin sets an agent's capacity and skills; more capacity lets the queue move to them. */
export async function updateAgentAssignment(
  deps: UseCaseDeps,
  actor: Actor,
  userId: string,
  changes: AgentAssignmentChanges,
): Promise<AgentAssignmentView> {
  // Another account's agent is not found (404) for everyone, before any right is checked.
  const user = await deps.uow.repos.users.get(actor.accountId, userId);
  if (!user) throw new NotFoundError('Agent');
  authorize(actor, 'agent.manage', { accountId: user.accountId }, 'Agent');
  if (
    changes.capacity !== undefined &&
    (!Number.isInteger(changes.capacity) || changes.capacity < 0 || changes.capacity > MAX_CAPACITY)
  ) {
    throw new InvalidError('Capacity must be a whole number.', [
      { path: 'capacity', message: `0 to ${MAX_CAPACITY}` },
    ]);
  }
  if (changes.languages?.some((language) => !(LANGUAGES as readonly string[]).includes(language))) {
    throw new InvalidError('Unknown language.', [{ path: 'languages', message: LANGUAGES.join(', ') }]);
  }
  const at = deps.clock.now().toISOString();
  await deps.uow.transaction(async (repos) => {
    // A partner's settings are kept but never used: partners are no candidates (profiles()).
    if (!(await repos.users.get(actor.accountId, userId))) throw new NotFoundError('Agent');
    const [before] = await repos.assignment.profiles(actor.accountId, [userId]);
    await repos.assignment.updateProfile(actor.accountId, userId, {
      ...(changes.capacity !== undefined && { capacity: changes.capacity }),
      ...(changes.languages !== undefined && { languages: [...new Set(changes.languages)].sort() }),
      ...(changes.topics !== undefined && { topics: normaliseTopics(changes.topics) }),
    });
    // More capacity or new skills may fit someone waiting.
    if (
      (changes.capacity !== undefined && changes.capacity > (before?.capacity ?? DEFAULT_CAPACITY)) ||
      changes.languages !== undefined ||
      changes.topics !== undefined
    ) {
      await enqueueAssignmentDrain(repos, actor.accountId, `agent:${userId}`, at);
    }
  });
  const repos = deps.uow.repos;
  const [profile] = await repos.assignment.profiles(actor.accountId, [userId], { includePartners: true });
  if (!profile) throw new NotFoundError('Agent');
  const loads = await repos.assignment.loads(actor.accountId, [userId]);
  return {
    ...profile,
    effective: effectiveAvailability(profile, deps.clock.now()),
    load: loads.get(userId) ?? 0,
  };
}

/** An admin sets a team's strategy and turns its automatic assignment on or off. */
export async function updateTeamAssignment(
  deps: UseCaseDeps,
  actor: Actor,
  teamId: string,
  changes: { strategy?: AssignmentStrategy; autoAssign?: boolean },
): Promise<TeamAssignmentSettings> {
  return deps.uow.transaction(async (repos) => {
    const team = await repos.teams.get(actor.accountId, teamId);
    if (!team) throw new NotFoundError('Team');
    authorize(actor, 'team.manage', { accountId: team.accountId }, 'Team');
    await repos.assignment.updateTeamSettings(actor.accountId, teamId, {
      ...(changes.strategy !== undefined && { strategy: checkStrategy(changes.strategy) }),
      ...(changes.autoAssign !== undefined && { autoAssign: changes.autoAssign }),
    });
    const settings = (await repos.assignment.teamSettings(actor.accountId)).find((t) => t.teamId === teamId);
    if (!settings) throw new NotFoundError('Team');
    return settings;
  });
}
