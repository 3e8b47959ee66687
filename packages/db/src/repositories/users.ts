import type { Language, Repositories, Role, Team, User } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { TeamsTable, UsersTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toUser = (row: UsersTable): User => ({
  id: row.id,
  accountId: row.account_id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  language: row.language as Language,
  createdAt: row.created_at,
});

export function userRepository({ db, now }: RepoContext): Repositories['users'] {
  return {
    async create(input) {
      const row: UsersTable = {
        id: newId(),
        account_id: input.accountId,
        email: input.email,
        name: input.name,
        role: input.role,
        language: input.language,
        password_hash: input.passwordHash,
        created_at: now(),
      };
      await db.insertInto('users').values(row).execute();
      return toUser(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async findForLogin(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },
    async list(accountId) {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      return rows.map(toUser);
    },
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async update(accountId, id, changes) {
      const set = {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.language !== undefined && { language: changes.language }),
      };
      // An UPDATE without columns is no valid SQL: nothing to change reads the row as it is.
      if (Object.keys(set).length === 0) {
        const row = await db
          .selectFrom('users')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return toUser(row);
      }
      const row = await db
        .updateTable('users')
        .set(set)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
  };
}

const toTeam = (row: TeamsTable): Team => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  createdAt: row.created_at,
});

export function teamRepository({ db, now }: RepoContext): Repositories['teams'] {
  return {
    async create(input) {
      const row: TeamsTable = {
        id: newId(),
        account_id: input.accountId,
        name: input.name,
        created_at: now(),
      };
      await db.insertInto('teams').values(row).execute();
      return toTeam(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('teams')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTeam(row);
    },
    async list(accountId) {
      const rows = await db
        .selectFrom('teams')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      return rows.map(toTeam);
    },
    async addMember(accountId, teamId, userId) {
      await db
        .insertInto('team_members')
        .values({ team_id: teamId, user_id: userId, account_id: accountId })
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
        .execute();
    },
    async removeMember(accountId, teamId, userId) {
      await db
        .deleteFrom('team_members')
        .where('account_id', '=', accountId)
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .execute();
    },
    async memberIds(accountId, teamId) {
      const rows = await db
        .selectFrom('team_members')
        .select('user_id')
        .where('account_id', '=', accountId)
        .where('team_id', '=', teamId)
        .execute();
      return rows.map((row) => row.user_id);
    },
  };
}
