import type { ApiToken, Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { ApiTokensTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toToken = (row: ApiTokensTable): ApiToken => ({
  id: row.id,
  accountId: row.account_id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export function apiTokenRepository({ db, now }: RepoContext): Repositories['apiTokens'] {
  return {
    async create(input) {
      const row: ApiTokensTable = {
        id: newId(),
        account_id: input.accountId,
        user_id: input.userId,
        name: input.name,
        token_hash: input.tokenHash,
        created_at: now(),
        last_used_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return toToken(row);
    },
    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toToken(row);
    },
    async touch(id, at) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}

export function sessionRepository({ db, now }: RepoContext): Repositories['sessions'] {
  return {
    async create(input) {
      await db
        .insertInto('sessions')
        .values({
          token_hash: input.tokenHash,
          user_id: input.userId,
          account_id: input.accountId,
          csrf_token: input.csrfToken,
          expires_at: input.expiresAt,
          created_at: now(),
        })
        .execute();
    },
    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('sessions')
        .select(['user_id', 'account_id', 'csrf_token', 'expires_at'])
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return (
        row && {
          userId: row.user_id,
          accountId: row.account_id,
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
        }
      );
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}
