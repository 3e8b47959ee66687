import type { Contact, ContactIdentity, IdentityKind, Language, Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { ContactIdentitiesTable, ContactsTable } from '../schema.ts';
import { decodeCursor, toPage, type RepoContext } from './support.ts';
import { QueryTemplate } from './templates.ts';

/** How every inbound message finds its sender: a template (templates.ts). */
const contactByIdentity = new QueryTemplate(3, (db, accountId: string, kind: string, value: string) =>
  db
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .selectAll('contacts')
    .where('contact_identities.account_id', '=', accountId)
    .where('contact_identities.kind', '=', kind as IdentityKind)
    .where('contact_identities.value', '=', value),
);

const toContact = (row: ContactsTable): Contact => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  language: row.language as Language | null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toIdentity = (row: ContactIdentitiesTable): ContactIdentity => ({
  id: row.id,
  accountId: row.account_id,
  contactId: row.contact_id,
  kind: row.kind as IdentityKind,
  value: row.value,
  createdAt: row.created_at,
});

/** LIKE patterns treat % and _ as wildcards; a search for "50%" means the characters. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function contactRepository({ db, dialect, now }: RepoContext): Repositories['contacts'] {
  return {
    async create(input) {
      const at = now();
      const row: ContactsTable = {
        id: newId(),
        account_id: input.accountId,
        name: input.name,
        email: input.email,
        phone: input.phone,
        language: input.language,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('contacts').values(row).execute();
      return toContact(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toContact(row);
    },
    async update(accountId, id, changes) {
      const row = await db
        .updateTable('contacts')
        .set({ ...changes, updated_at: now() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toContact(row);
    },
    async list(accountId, { limit, cursor, query }) {
      const after = decodeCursor(cursor);
      let q = db.selectFrom('contacts').selectAll().where('account_id', '=', accountId);
      if (query?.trim()) {
        const pattern = `%${likeEscape(query.trim().toLowerCase())}%`;
        q = q.where((eb) =>
          eb.or(
            (['name', 'email', 'phone'] as const).map((column) =>
              eb(eb.fn('lower', [column]), 'like', eb.val(pattern)),
            ),
          ),
        );
      }
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', after[0]),
            eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])]),
          ]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toContact, (row) => [row.created_at, row.id]);
    },
    async findByIdentity(accountId, kind, value) {
      const [row] = await contactByIdentity.execute(db, dialect, accountId, kind, value);
      return row && toContact(row);
    },
    async addIdentity(accountId, contactId, kind, value) {
      await db
        .insertInto('contact_identities')
        .values({ id: newId(), account_id: accountId, contact_id: contactId, kind, value, created_at: now() })
        .onConflict((oc) => oc.columns(['account_id', 'kind', 'value']).doNothing())
        .execute();
    },
    async listIdentities(accountId, contactId) {
      const rows = await db
        .selectFrom('contact_identities')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .orderBy('created_at')
        .execute();
      return rows.map(toIdentity);
    },
    async merge(accountId, sourceId, targetId) {
      await db
        .updateTable('contact_identities')
        .set({ contact_id: targetId })
        .where('account_id', '=', accountId)
        .where('contact_id', '=', sourceId)
        .execute();
      const moved = await db
        .updateTable('conversations')
        .set({ contact_id: targetId, updated_at: now() })
        .where('account_id', '=', accountId)
        .where('contact_id', '=', sourceId)
        .returning('id')
        .execute();
      await db
        .updateTable('messages')
        .set({ author_id: targetId })
        .where('account_id', '=', accountId)
        .where('author_type', '=', 'contact')
        .where('author_id', '=', sourceId)
        .execute();
      // The consent ledger goes with the person: both histories interleave by time, the latest entry rules.
      await db
        .updateTable('consent_entries')
        .set({ contact_id: targetId })
        .where('account_id', '=', accountId)
        .where('contact_id', '=', sourceId)
        .execute();
      // Per-case shares stay with their conversations, which now belong to the target.
      await db
        .updateTable('case_shares')
        .set({ contact_id: targetId })
        .where('account_id', '=', accountId)
        .where('contact_id', '=', sourceId)
        .execute();
      await db
        .deleteFrom('contacts')
        .where('account_id', '=', accountId)
        .where('id', '=', sourceId)
        .execute();
      return { movedConversationIds: moved.map((row) => row.id) };
    },
  };
}
