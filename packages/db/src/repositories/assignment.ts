/** Automatic assignment's facts (domain/assignment.ts): presence, capacity, skills, team settings, queue. */
import type {
  AgentAssignmentProfile,
  AssignmentRepository,
  AssignmentStrategy,
  AgentAvailability,
  Language,
} from '@sofortdesk/domain';
import { sql } from 'kysely';
import { parseJson, type RepoContext } from './support.ts';

const DEFAULT_STRATEGY: AssignmentStrategy = 'round-robin';

export function assignmentRepository({ db, dialect, now }: RepoContext): AssignmentRepository {
  return {
    async profiles(accountId, userIds, options) {
      if (userIds && userIds.length === 0) return [];
      let query = db
        .selectFrom('users')
        .select(['id', 'name', 'availability', 'last_seen_at', 'capacity', 'skill_languages', 'skill_topics'])
        .where('account_id', '=', accountId);
      // Partners never work on conversations.
      if (!options?.includePartners) query = query.where('role', '!=', 'partner');
      if (userIds) query = query.where('id', 'in', [...userIds]);
      const rows = await query.orderBy('name').orderBy('id').execute();
      return rows.map((row): AgentAssignmentProfile => ({
        userId: row.id,
        name: row.name,
        availability: (row.availability ?? 'online') as AgentAvailability,
        lastSeenAt: row.last_seen_at ?? null,
        capacity: Number(row.capacity ?? 10),
        languages: parseJson<Language[]>(row.skill_languages ?? '[]'),
        topics: parseJson<string[]>(row.skill_topics ?? '[]'),
      }));
    },
    async lockAgents(accountId, userIds) {
      // SQLite runs one write transaction at a time (group commit serialises them): nothing to lock.
      if (dialect !== 'postgres' || userIds.length === 0) return;
      await db
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', 'in', [...userIds])
        .orderBy('id')
        .forUpdate()
        .execute();
    },
    async loads(accountId, userIds) {
      const loads = new Map<string, number>();
      if (userIds.length === 0) return loads;
      const rows = await db
        .selectFrom('conversations')
        .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('account_id', '=', accountId)
        .where('assignee_id', 'in', [...userIds])
        .where('status', '!=', 'resolved')
        .groupBy('assignee_id')
        .execute();
      for (const row of rows) if (row.assignee_id) loads.set(row.assignee_id, Number(row.n));
      return loads;
    },
    async setAvailability(accountId, userId, availability, seenAt) {
      await db
        .updateTable('users')
        .set({ availability, ...(seenAt !== null && { last_seen_at: seenAt }) })
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .execute();
    },
    async touch(accountId, userId, at) {
      const row = await db
        .selectFrom('users')
        .select('last_seen_at')
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst();
      await db
        .updateTable('users')
        .set({ last_seen_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .execute();
      return row?.last_seen_at ?? null;
    },
    async updateProfile(accountId, userId, changes) {
      const set = {
        ...(changes.capacity !== undefined && { capacity: changes.capacity }),
        ...(changes.languages !== undefined && { skill_languages: JSON.stringify(changes.languages) }),
        ...(changes.topics !== undefined && { skill_topics: JSON.stringify(changes.topics) }),
      };
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('users')
        .set(set)
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .execute();
    },
    async teamSettings(accountId) {
      const rows = await db
        .selectFrom('teams')
        .select(['id', 'assignment_strategy', 'auto_assign'])
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      return rows.map((row) => ({
        teamId: row.id,
        strategy: (row.assignment_strategy ?? DEFAULT_STRATEGY) as AssignmentStrategy,
        autoAssign: Number(row.auto_assign ?? 0) === 1,
      }));
    },
    async updateTeamSettings(accountId, teamId, changes) {
      const set = {
        ...(changes.strategy !== undefined && { assignment_strategy: changes.strategy }),
        ...(changes.autoAssign !== undefined && { auto_assign: changes.autoAssign ? 1 : 0 }),
      };
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('teams')
        .set(set)
        .where('account_id', '=', accountId)
        .where('id', '=', teamId)
        .execute();
    },
    async accountStrategy(accountId) {
      const row = await db
        .selectFrom('accounts')
        .select('assignment_strategy')
        .where('id', '=', accountId)
        .executeTakeFirst();
      return (row?.assignment_strategy ?? DEFAULT_STRATEGY) as AssignmentStrategy;
    },
    async setAccountStrategy(accountId, strategy) {
      await db
        .updateTable('accounts')
        .set({ assignment_strategy: strategy })
        .where('id', '=', accountId)
        .execute();
    },
    async pointer(accountId, scope) {
      const row = await db
        .selectFrom('assignment_pointers')
        .select('user_id')
        .where('account_id', '=', accountId)
        .where('scope', '=', scope)
        .executeTakeFirst();
      return row?.user_id ?? null;
    },
    async setPointer(accountId, scope, userId) {
      const at = now();
      await db
        .insertInto('assignment_pointers')
        .values({ account_id: accountId, scope, user_id: userId, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['account_id', 'scope']).doUpdateSet({ user_id: userId, updated_at: at }),
        )
        .execute();
    },
    async setQueued(accountId, conversationId, at) {
      let query = db
        .updateTable('conversations')
        .set({ assignment_queued_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', conversationId);
      // Queued again: the conversation keeps its earlier place.
      if (at !== null) query = query.where('assignment_queued_at', 'is', null);
      await query.execute();
    },
    async queue(accountId, limit) {
      const rows = await db
        .selectFrom('conversations')
        .select('id')
        .where('account_id', '=', accountId)
        .where('assignment_queued_at', 'is not', null)
        .where('assignee_id', 'is', null)
        .where('status', 'in', ['open', 'pending'])
        // The longest-waiting customer first; a conversation nobody waits in (answered meanwhile) last.
        .orderBy(sql`case when waiting_since is null then 1 else 0 end`)
        .orderBy('waiting_since')
        .orderBy('assignment_queued_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },
    async latestIntent(accountId, conversationId) {
      const row = await db
        .selectFrom('message_triage')
        .select('intent')
        .where('account_id', '=', accountId)
        .where('conversation_id', '=', conversationId)
        .where('intent', 'is not', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.intent ?? null;
    },
  };
}
