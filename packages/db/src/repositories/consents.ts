import type {
  ConsentChannel,
  ConsentEntry,
  ConsentPurpose,
  ConsentPurposeTexts,
  ConsentRecorderKind,
  Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { ConsentEntriesTable, ConsentPurposesTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toPurpose = (row: ConsentPurposesTable): ConsentPurpose => ({
  id: row.id,
  accountId: row.account_id,
  key: row.key,
  version: Number(row.version),
  texts: JSON.parse(row.texts) as ConsentPurposeTexts,
  perCase: Boolean(row.per_case),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toEntry = (row: ConsentEntriesTable): ConsentEntry => ({
  id: row.id,
  accountId: row.account_id,
  contactId: row.contact_id,
  purposeId: row.purpose_id,
  purposeKey: row.purpose_key,
  purposeVersion: Number(row.purpose_version),
  granted: Boolean(row.granted),
  channel: row.channel as ConsentChannel,
  recordedBy: { kind: row.recorded_by_kind as ConsentRecorderKind, userId: row.recorded_by_user_id },
  how: row.how,
  reference: row.reference,
  createdAt: row.created_at,
});

/**
 * The ledger has no update and no delete: entries are only appended. Order is (created_at, id):
 * ids are UUIDv7, so entries written in the same millisecond keep the order they were written in.
 */
export function consentRepository({ db, now }: RepoContext): Repositories['consents'] {
  const getPurpose = async (accountId: string, id: string) => {
    const row = await db
      .selectFrom('consent_purposes')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPurpose(row);
  };
  return {
    async createPurpose(input) {
      const at = now();
      const row: ConsentPurposesTable = {
        id: newId(),
        account_id: input.accountId,
        key: input.key,
        version: 1,
        texts: JSON.stringify(input.texts),
        per_case: input.perCase ? 1 : 0,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('consent_purposes').values(row).execute();
      await db
        .insertInto('consent_purpose_versions')
        .values({
          account_id: row.account_id,
          purpose_id: row.id,
          version: 1,
          texts: row.texts,
          created_at: at,
        })
        .execute();
      return toPurpose(row);
    },
    getPurpose,
    async findPurposeByKey(accountId, key) {
      const row = await db
        .selectFrom('consent_purposes')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toPurpose(row);
    },
    async listPurposes(accountId) {
      const rows = await db
        .selectFrom('consent_purposes')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('key')
        .execute();
      return rows.map(toPurpose);
    },
    async updatePurpose(accountId, id, changes) {
      const at = now();
      const current = await getPurpose(accountId, id);
      if (!current) throw new Error(`consent purpose ${id} not found`);
      const version = changes.texts ? current.version + 1 : current.version;
      if (changes.texts) {
        // The primary key (purpose, version) makes a concurrent second change a conflict, not a lost version.
        await db
          .insertInto('consent_purpose_versions')
          .values({
            account_id: accountId,
            purpose_id: id,
            version,
            texts: JSON.stringify(changes.texts),
            created_at: at,
          })
          .execute();
      }
      const row = await db
        .updateTable('consent_purposes')
        .set({
          ...(changes.texts && { texts: JSON.stringify(changes.texts), version }),
          ...(changes.perCase !== undefined && { per_case: changes.perCase ? 1 : 0 }),
          updated_at: at,
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPurpose(row);
    },
    async listPurposeVersions(accountId, purposeIds) {
      if (purposeIds.length === 0) return [];
      const rows = await db
        .selectFrom('consent_purpose_versions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('purpose_id', 'in', purposeIds)
        .orderBy('purpose_id')
        .orderBy('version')
        .execute();
      return rows.map((row) => ({
        purposeId: row.purpose_id,
        version: Number(row.version),
        texts: JSON.parse(row.texts) as ConsentPurposeTexts,
        createdAt: row.created_at,
      }));
    },
    async appendEntry(input) {
      const row: ConsentEntriesTable = {
        id: newId(),
        account_id: input.accountId,
        contact_id: input.contactId,
        purpose_id: input.purposeId,
        purpose_key: input.purposeKey,
        purpose_version: input.purposeVersion,
        granted: input.granted ? 1 : 0,
        channel: input.channel,
        recorded_by_kind: input.recordedBy.kind,
        recorded_by_user_id: input.recordedBy.userId,
        how: input.how,
        reference: input.reference,
        created_at: input.at,
      };
      await db.insertInto('consent_entries').values(row).execute();
      return toEntry(row);
    },
    async listEntries(accountId, contactId) {
      const rows = await db
        .selectFrom('consent_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },
    async latestEntry(accountId, contactId, purposeId) {
      const row = await db
        .selectFrom('consent_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('purpose_id', '=', purposeId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toEntry(row);
    },
  };
}
