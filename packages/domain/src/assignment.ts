/**
 * Automatic assignment (issue 6, item 6): which agent gets a conversation that needs one.
 *
 * - Presence: an agent chooses online / away / offline in the workspace; "online" counts only while
 *   a workspace of theirs is connected, seen by a heartbeat (`lastSeenAt`, written at most every
 *   PRESENCE_HEARTBEAT_MS by the realtime gateway). After PRESENCE_GRACE_MS without one they count
 *   as offline, whatever they chose, so a closed laptop takes no new work. The database holds the
 *   heartbeat, so every process sees the same presence.
 * - Capacity: the most open (not resolved) conversations assigned to the agent; automatic
 *   assignment never goes above it. A person assigning by hand may (that is their decision).
 * - Skills: languages and topics (intent names or labels). An agent without languages speaks every
 *   language for this purpose; a topic narrows the choice only when some available agent has it.
 * - Strategy per team (round-robin with a pointer per team, or least-load); conversations without a
 *   team use the account's default among the inbox's agents.
 * - Nobody fits: the conversation waits in the queue; when capacity frees, the oldest waiting one
 *   is assigned first (use-cases/assignment.ts).
 *
 * This file is pure: the use case loads the facts and hands them in.
 */
import type { Language } from './types.ts';

export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export const ASSIGNMENT_STRATEGIES = ['round-robin', 'least-load'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** The gateway writes `lastSeenAt` at most this often while a workspace is connected. */
export const PRESENCE_HEARTBEAT_MS = 30_000;
/** Without a heartbeat for this long an agent counts as offline (three missed beats). */
export const PRESENCE_GRACE_MS = 90_000;
export const DEFAULT_CAPACITY = 10;
export const MAX_CAPACITY = 1000;

/** An agent's assignment settings and presence, as stored on their user row. */
export interface AgentAssignmentProfile {
  userId: string;
  name: string;
  /** What the agent chose. */
  availability: AgentAvailability;
  /** The last heartbeat of a connected workspace; null: never connected. */
  lastSeenAt: string | null;
  capacity: number;
  /** Languages the agent answers in; empty: any. */
  languages: Language[];
  /** Intent names or labels the agent is good at (lower case). */
  topics: string[];
}

/** An agent as the chooser sees them: the profile plus how many open conversations they hold now. */
export interface AssignmentCandidate extends AgentAssignmentProfile {
  load: number;
}

export interface TeamAssignmentSettings {
  teamId: string;
  strategy: AssignmentStrategy;
  /** New conversations of the team are assigned automatically. */
  autoAssign: boolean;
}

/** What the chooser needs to know of the conversation. */
export interface AssignmentRequest {
  language: Language | null;
  /** The conversation's intent and labels, lower case; a topic skill matching one is preferred. */
  topics: string[];
}

export type AssignmentReason = 'no-candidates' | 'all-unavailable' | 'all-full' | 'no-language-skill';

export type AssignmentChoice =
  | { kind: 'assigned'; userId: string; strategy: AssignmentStrategy; matchedTopic: string | null }
  | { kind: 'queued'; reason: AssignmentReason };

/** Presence as it counts for assignment: "online" needs a heartbeat within the grace period. */
export function effectiveAvailability(
  profile: Pick<AgentAssignmentProfile, 'availability' | 'lastSeenAt'>,
  now: Date,
): AgentAvailability {
  if (profile.availability !== 'online') return profile.availability;
  if (profile.lastSeenAt === null) return 'offline';
  return now.getTime() - Date.parse(profile.lastSeenAt) <= PRESENCE_GRACE_MS ? 'online' : 'offline';
}

/** Ids after the pointer first, wrapping around: the next in turn leads. */
function rotate<T extends { userId: string }>(sorted: T[], pointer: string | null): T[] {
  if (pointer === null) return sorted;
  const start = sorted.findIndex((candidate) => candidate.userId > pointer);
  return start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
}

/**
 * Chooses an agent for one conversation, or says why it waits. Candidates are the agents who may
 * work on it (team and inbox members); of them count only those online, below capacity and
 * speaking the conversation's language; a topic skill narrows further when someone has it. Then
 * round-robin takes the next after the pointer (the last one the team assigned to), least-load the
 * one with the fewest open conversations (ties: in round-robin order, so equals take turns).
 */
export function chooseAssignee(
  candidates: readonly AssignmentCandidate[],
  request: AssignmentRequest,
  options: { strategy: AssignmentStrategy; pointer: string | null; now: Date },
): AssignmentChoice {
  if (candidates.length === 0) return { kind: 'queued', reason: 'no-candidates' };
  const present = candidates.filter((c) => effectiveAvailability(c, options.now) === 'online');
  if (present.length === 0) return { kind: 'queued', reason: 'all-unavailable' };
  const free = present.filter((c) => c.load < c.capacity);
  if (free.length === 0) return { kind: 'queued', reason: 'all-full' };
  const language = request.language;
  const speaking = free.filter(
    (c) => language === null || c.languages.length === 0 || c.languages.includes(language),
  );
  if (speaking.length === 0) return { kind: 'queued', reason: 'no-language-skill' };

  let pool = speaking;
  let matchedTopic: string | null = null;
  for (const topic of request.topics) {
    const experts = speaking.filter((c) => c.topics.includes(topic));
    if (experts.length > 0) {
      pool = experts;
      matchedTopic = topic;
      break;
    }
  }

  const ordered = rotate(
    [...pool].sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0)),
    options.pointer,
  );
  const chosen =
    options.strategy === 'least-load'
      ? ordered.reduce((best, c) => (c.load < best.load ? c : best))
      : ordered[0];
  // ordered is never empty here (pool ⊆ speaking, which is not); the guard keeps the types honest.
  if (!chosen) return { kind: 'queued', reason: 'no-candidates' };
  return { kind: 'assigned', userId: chosen.userId, strategy: options.strategy, matchedTopic };
}

/** Lower-case, trimmed, unique, sorted: topics compare as stored. */
export function normaliseTopics(topics: readonly string[]): string[] {
  return [...new Set(topics.map((topic) => topic.trim().toLowerCase()).filter(Boolean))].sort();
}

const TEXTS = {
  de: {
    'round-robin': 'reihum',
    'least-load': 'am wenigsten ausgelastet',
    assigned: (name: string, how: string, topic: string | null) =>
      `Automatisch ${name} zugewiesen (${how}${topic ? `, Thema ${topic}` : ''})`,
  },
  en: {
    'round-robin': 'round-robin',
    'least-load': 'least load',
    assigned: (name: string, how: string, topic: string | null) =>
      `Assigned to ${name} automatically (${how}${topic ? `, topic ${topic}` : ''})`,
  },
} as const;

/** The timeline's event line for an automatic assignment, in the account's language. */
export function assignmentEventText(
  language: Language,
  name: string,
  strategy: AssignmentStrategy,
  matchedTopic: string | null,
): string {
  const texts = TEXTS[language];
  return texts.assigned(name, texts[strategy], matchedTopic);
}

/** Facts the assignment use case reads and writes; packages/db implements it. */
export interface AssignmentRepository {
  /** Agents and admins (partners only when asked: they never take conversations), by name. */
  profiles(
    accountId: string,
    userIds?: readonly string[],
    options?: { includePartners?: boolean },
  ): Promise<AgentAssignmentProfile[]>;
  /**
   * Locks the agents' rows until the transaction ends (PostgreSQL: FOR UPDATE, in id order so two
   * assignments never deadlock), so two concurrent assignments cannot both fill the last free place.
   * SQLite has one writer at a time, which is the same guarantee.
   */
  lockAgents(accountId: string, userIds: readonly string[]): Promise<void>;
  /** Open (not resolved) conversations assigned to each of the agents; missing ones hold none. */
  loads(accountId: string, userIds: readonly string[]): Promise<Map<string, number>>;
  setAvailability(
    accountId: string,
    userId: string,
    availability: AgentAvailability,
    seenAt: string | null,
  ): Promise<void>;
  /** Writes the heartbeat; returns the previous one. */
  touch(accountId: string, userId: string, at: string): Promise<string | null>;
  updateProfile(
    accountId: string,
    userId: string,
    changes: Partial<Pick<AgentAssignmentProfile, 'capacity' | 'languages' | 'topics'>>,
  ): Promise<void>;
  teamSettings(accountId: string): Promise<TeamAssignmentSettings[]>;
  updateTeamSettings(
    accountId: string,
    teamId: string,
    changes: Partial<Pick<TeamAssignmentSettings, 'strategy' | 'autoAssign'>>,
  ): Promise<void>;
  /** The strategy of conversations without a team. */
  accountStrategy(accountId: string): Promise<AssignmentStrategy>;
  setAccountStrategy(accountId: string, strategy: AssignmentStrategy): Promise<void>;
  /** The round-robin pointer of a scope ("team:<id>" or "inbox:<id>"): the last agent it assigned to. */
  pointer(accountId: string, scope: string): Promise<string | null>;
  setPointer(accountId: string, scope: string, userId: string): Promise<void>;
  /** Puts the conversation in the queue (keeps an earlier place) or takes it out (null). */
  setQueued(accountId: string, conversationId: string, at: string | null): Promise<void>;
  /**
   * Waiting conversations in fair order: unassigned, not resolved or snoozed, queued; the longest
   * waiting customer first (waitingSince, then queue time).
   */
  queue(accountId: string, limit: number): Promise<string[]>;
  /** The intent triage found in the conversation's newest classified message; null: none. */
  latestIntent(accountId: string, conversationId: string): Promise<string | null>;
}
