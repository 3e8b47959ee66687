import {
  DEFAULT_CASE_SHARE_HOURS,
  type AuditAction,
  type AuditEntry,
  type ErasureCounts,
  type ErasureMessagePolicy,
  type ErasureReceipt,
  type PrivacySettings,
  type Repositories,
  type RetentionRun,
} from '@sofortdesk/domain';
import { sql, type Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { AuditLogTable, PrivacyErasuresTable, PrivacyRetentionRunsTable, Schema } from '../schema.ts';
import { decodeCursor, isIsoTimestamp, parseJson, toPage, type RepoContext } from './support.ts';

const toAudit = (row: AuditLogTable): AuditEntry => ({
  id: row.id,
  accountId: row.account_id,
  userId: row.user_id,
  action: row.action as AuditAction,
  contactId: row.contact_id,
  createdAt: row.created_at,
});

const toReceipt = (row: PrivacyErasuresTable): ErasureReceipt => ({
  id: row.id,
  accountId: row.account_id,
  requestedBy: row.requested_by,
  status: row.status as ErasureReceipt['status'],
  counts: row.counts ? parseJson<ErasureCounts>(row.counts) : null,
  requestedAt: row.requested_at,
  completedAt: row.completed_at,
});

/** The blob key of an attachment is the last segment of its URL (/api/v1/attachments/{key}). */
const keyOfUrl = (url: string) => url.split('/').at(-1) ?? '';

const chunks = <T>(items: T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

type Count = (kind: string, result: { numDeletedRows: bigint } | { numDeletedRows: bigint }[]) => void;

/** Adds deleted rows to the counts by kind. */
const counter =
  (counts: ErasureCounts): Count =>
  (kind, result) => {
    const rows = (Array.isArray(result) ? result : [result]).reduce(
      (n, r) => n + Number(r.numDeletedRows),
      0,
    );
    counts[kind] = (counts[kind] ?? 0) + rows;
  };

/** Per-case shares by contact or conversation: rows and access log deleted, their files added to `blobKeys`. */
async function purgeCaseShares(
  db: Kysely<Schema>,
  accountId: string,
  column: 'contact_id' | 'conversation_id',
  ids: string[],
  count: Count,
  blobKeys: Set<string>,
): Promise<void> {
  for (const part of chunks(ids)) {
    const shares = await db
      .selectFrom('case_shares')
      .select(['id', 'blob_key'])
      .where('account_id', '=', accountId)
      .where(column, 'in', part)
      .execute();
    for (const share of shares) if (share.blob_key) blobKeys.add(share.blob_key);
    for (const shareIds of chunks(shares.map((share) => share.id))) {
      count(
        'caseShareAccess',
        await db
          .deleteFrom('case_share_access')
          .where('account_id', '=', accountId)
          .where('share_id', 'in', shareIds)
          .execute(),
      );
    }
    count(
      'caseShares',
      await db
        .deleteFrom('case_shares')
        .where('account_id', '=', accountId)
        .where(column, 'in', part)
        .execute(),
    );
  }
}

/**
 * The one code path that removes conversations' personal data, for an erasure and for retention:
 * files (added to `blobKeys`, their upload rows deleted), training pairs quoting the customers'
 * questions, per-case shares, automatic-answer records and realtime events; then the messages and
 * conversations deleted, or (anonymise) every message's text, files and mail data emptied and the
 * conversation marked anonymised at `anonymisedAt`.
 */
async function purgeConversations(
  db: Kysely<Schema>,
  accountId: string,
  conversationIds: string[],
  policy: ErasureMessagePolicy,
  anonymisedAt: string | null,
  count: Count,
  counts: ErasureCounts,
  blobKeys: Set<string>,
): Promise<void> {
  const questionTexts = new Set<string>();
  for (const ids of chunks(conversationIds)) {
    const messages = await db
      .selectFrom('messages')
      .select(['attachments', 'email', 'text', 'direction'])
      .where('account_id', '=', accountId)
      .where('conversation_id', 'in', ids)
      .execute();
    for (const message of messages) {
      for (const attachment of parseJson<{ url: string }[]>(message.attachments || '[]')) {
        blobKeys.add(keyOfUrl(attachment.url));
      }
      const rawKey = message.email ? parseJson<{ rawKey?: string | null }>(message.email).rawKey : null;
      if (rawKey) blobKeys.add(rawKey);
      if (message.direction === 'in' && message.text.trim() !== '') questionTexts.add(message.text);
    }
  }
  await purgeCaseShares(db, accountId, 'conversation_id', conversationIds, count, blobKeys);
  const keys = [...blobKeys].filter((key) => key !== '');
  for (const part of chunks(keys)) {
    count(
      'attachments',
      await db
        .deleteFrom('attachments')
        .where('account_id', '=', accountId)
        .where('key', 'in', part)
        .execute(),
    );
  }
  // Learning data that quotes the customers' questions (no link to the conversation is kept there).
  for (const part of chunks([...questionTexts])) {
    count(
      'trainingPairs',
      await db
        .deleteFrom('kb_training_pairs')
        .where('account_id', '=', accountId)
        .where('question', 'in', part)
        .execute(),
    );
  }
  for (const ids of chunks(conversationIds)) {
    count(
      'autoAnswers',
      await db
        .deleteFrom('kb_auto_answers')
        .where('account_id', '=', accountId)
        .where('conversation_id', 'in', ids)
        .execute(),
    );
    // The realtime log repeats message texts; replay skips the missing cursors.
    count(
      'events',
      await db
        .deleteFrom('events')
        .where('account_id', '=', accountId)
        .where('conversation_id', 'in', ids)
        .execute(),
    );
    // Triage signals (sentiment, intent…) are derived from the customer's words: they go either way.
    await db
      .deleteFrom('message_triage')
      .where('account_id', '=', accountId)
      .where('conversation_id', 'in', ids)
      .execute();
    if (policy === 'anonymise') {
      const updated = await db
        .updateTable('messages')
        .set({ text: '', attachments: '[]', email: null, delivery: null, external_id: null })
        .where('account_id', '=', accountId)
        .where('conversation_id', 'in', ids)
        .executeTakeFirst();
      counts.anonymisedMessages = (counts.anonymisedMessages ?? 0) + Number(updated.numUpdatedRows);
      if (anonymisedAt !== null) {
        await db
          .updateTable('conversations')
          .set({ anonymised_at: anonymisedAt })
          .where('account_id', '=', accountId)
          .where('id', 'in', ids)
          .execute();
      }
      continue;
    }
    // SLA warnings and breaches hold no personal data, but name the conversation that goes.
    await db
      .deleteFrom('sla_events')
      .where('account_id', '=', accountId)
      .where('conversation_id', 'in', ids)
      .execute();
    count(
      'messages',
      await db
        .deleteFrom('messages')
        .where('account_id', '=', accountId)
        .where('conversation_id', 'in', ids)
        .execute(),
    );
    count(
      'conversations',
      await db
        .deleteFrom('conversations')
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute(),
    );
  }
}

const toRun = (row: PrivacyRetentionRunsTable): RetentionRun => ({
  id: row.id,
  accountId: row.account_id,
  date: row.run_date,
  status: row.status as RetentionRun['status'],
  action: row.action as ErasureMessagePolicy | null,
  cutoff: row.cutoff,
  counts: parseJson<ErasureCounts>(row.counts),
  startedAt: row.started_at,
  completedAt: row.completed_at,
});

export function privacyRepository({ db, dialect }: RepoContext): Repositories['privacy'] {
  return {
    async appendAudit(entry) {
      await db
        .insertInto('audit_log')
        .values({
          id: newId(),
          account_id: entry.accountId,
          user_id: entry.userId,
          action: entry.action,
          contact_id: entry.contactId,
          created_at: entry.createdAt,
        })
        .execute();
    },

    async listAudit(accountId, filter, { limit, before }) {
      // `before` is either a moment (entries older than it) or the cursor of a previous page.
      const moment = before !== undefined && isIsoTimestamp(before) ? before : undefined;
      const cursor = moment === undefined ? decodeCursor(before) : undefined;
      let q = db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId);
      if (moment !== undefined) q = q.where('created_at', '<', moment);
      if (filter.contactId !== undefined) q = q.where('contact_id', '=', filter.contactId);
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (cursor) {
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', cursor[0]),
            eb.and([eb('created_at', '=', cursor[0]), eb('id', '<', cursor[1])]),
          ]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toAudit, (row) => [row.created_at, row.id]);
    },

    async createErasure(input) {
      const row: PrivacyErasuresTable = {
        id: newId(),
        account_id: input.accountId,
        requested_by: input.requestedBy,
        status: 'pending',
        counts: null,
        requested_at: input.requestedAt,
        completed_at: null,
      };
      await db.insertInto('privacy_erasures').values(row).execute();
      return toReceipt(row);
    },

    async getErasure(accountId, id) {
      const row = await db
        .selectFrom('privacy_erasures')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toReceipt(row);
    },

    async completeErasure(accountId, id, counts, at) {
      await db
        .updateTable('privacy_erasures')
        .set({ status: 'completed', counts: JSON.stringify(counts), completed_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },

    async exportData(accountId, contactId) {
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', contactId)
        .executeTakeFirst();
      if (!contact) return undefined;
      const identities = await db
        .selectFrom('contact_identities')
        .select(['kind', 'value', 'created_at'])
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const conversations = await db
        .selectFrom('conversations')
        .innerJoin('inboxes', 'inboxes.id', 'conversations.inbox_id')
        .select([
          'conversations.id',
          'conversations.inbox_id',
          'inboxes.channel',
          'conversations.status',
          'conversations.created_at',
        ])
        .where('conversations.account_id', '=', accountId)
        .where('conversations.contact_id', '=', contactId)
        .orderBy('conversations.created_at')
        .orderBy('conversations.id')
        .execute();
      const messages = conversations.length
        ? await db
            .selectFrom('messages')
            .select([
              'id',
              'conversation_id',
              'direction',
              'kind',
              'author_type',
              'text',
              'attachments',
              'email',
              'created_at',
            ])
            .where('account_id', '=', accountId)
            .where(
              'conversation_id',
              'in',
              conversations.map((c) => c.id),
            )
            .orderBy('created_at')
            .orderBy('id')
            .execute()
        : [];
      return {
        contact: {
          id: contact.id,
          name: contact.name,
          email: contact.email,
          phone: contact.phone,
          language: contact.language,
          createdAt: contact.created_at,
        },
        identities: identities.map((i) => ({ kind: i.kind, value: i.value, createdAt: i.created_at })),
        conversations: conversations.map((c) => ({
          id: c.id,
          inboxId: c.inbox_id,
          channel: c.channel,
          status: c.status,
          createdAt: c.created_at,
          messages: messages
            .filter((m) => m.conversation_id === c.id)
            .map((m) => ({
              id: m.id,
              direction: m.direction,
              kind: m.kind,
              authorType: m.author_type,
              text: m.text,
              attachments: m.attachments,
              email: m.email ?? null,
              createdAt: m.created_at,
            })),
        })),
      };
    },

    async eraseContact(accountId, contactId, policy) {
      const counts: ErasureCounts = {};
      const count = counter(counts);
      const conversationIds = (
        await db
          .selectFrom('conversations')
          .select('id')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .execute()
      ).map((row) => row.id);
      const sessionIds = (
        await db
          .selectFrom('visitor_sessions')
          .select('id')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .execute()
      ).map((row) => row.id);

      const blobKeys = new Set<string>();
      // Uploads of the contact's widget sessions, sent or not; the purge adds every file its messages name.
      for (const ids of chunks(sessionIds)) {
        const uploads = await db
          .selectFrom('attachments')
          .select('key')
          .where('account_id', '=', accountId)
          .where('session_id', 'in', ids)
          .execute();
        for (const upload of uploads) blobKeys.add(upload.key);
      }
      // Per-case shares of the contact (in any conversation), their files and access log.
      await purgeCaseShares(db, accountId, 'contact_id', [contactId], count, blobKeys);
      await purgeConversations(db, accountId, conversationIds, policy, null, count, counts, blobKeys);
      const keys = [...blobKeys].filter((key) => key !== '');
      // Account-wide events about the contact itself (created, merged, updated) carry its id in data.
      count(
        'events',
        await db
          .deleteFrom('events')
          .where('account_id', '=', accountId)
          .where('conversation_id', 'is', null)
          .where('data', 'like', `%${contactId}%`)
          .execute(),
      );
      count(
        'visitorSessions',
        await db
          .deleteFrom('visitor_sessions')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .execute(),
      );
      count(
        'consentEntries',
        await db
          .deleteFrom('consent_entries')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .execute(),
      );
      count(
        'identities',
        await db
          .deleteFrom('contact_identities')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .execute(),
      );
      if (policy === 'anonymise') {
        // The conversations still name the contact: a row without anything personal stays for them.
        const updated = await db
          .updateTable('contacts')
          .set({ name: null, email: null, phone: null, language: null, attributes: null })
          .where('account_id', '=', accountId)
          .where('id', '=', contactId)
          .executeTakeFirst();
        counts.anonymisedContacts = Number(updated.numUpdatedRows);
      } else {
        count(
          'contacts',
          await db
            .deleteFrom('contacts')
            .where('account_id', '=', accountId)
            .where('id', '=', contactId)
            .execute(),
        );
      }
      return { counts, blobKeys: keys };
    },

    async getSettings(accountId) {
      const row = await db
        .selectFrom('privacy_settings')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      const settings: PrivacySettings = {
        erasureMessages: row?.erasure_messages === 'anonymise' ? 'anonymise' : 'delete',
        caseShareHours: row?.case_share_hours ?? DEFAULT_CASE_SHARE_HOURS,
        retentionMonths: row?.retention_months ?? null,
        retentionAction: row?.retention_action === 'anonymise' ? 'anonymise' : 'delete',
      };
      return settings;
    },

    async saveSettings(accountId, settings, at) {
      const columns = {
        erasure_messages: settings.erasureMessages,
        case_share_hours: settings.caseShareHours,
        retention_months: settings.retentionMonths,
        retention_action: settings.retentionAction,
        updated_at: at,
      };
      await db
        .insertInto('privacy_settings')
        .values({ account_id: accountId, ...columns })
        .onConflict((oc) => oc.column('account_id').doUpdateSet(columns))
        .execute();
      return settings;
    },

    async retainConversations(accountId, cutoff, policy, limit, at) {
      // Resolved, and neither a message nor a change since the cut-off; anonymised ones were done before.
      const ids = (
        await db
          .selectFrom('conversations')
          .select('id')
          .where('account_id', '=', accountId)
          .where('status', '=', 'resolved')
          .where('updated_at', '<', cutoff)
          .where('last_message_at', '<', cutoff)
          .where('anonymised_at', 'is', null)
          .orderBy('updated_at')
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((row) => row.id);
      const counts: ErasureCounts = {};
      const blobKeys = new Set<string>();
      if (ids.length > 0) {
        await purgeConversations(db, accountId, ids, policy, at, counter(counts), counts, blobKeys);
      }
      return { counts, blobKeys: [...blobKeys].filter((key) => key !== ''), conversations: ids.length };
    },

    async startRetentionRun(input) {
      const row: PrivacyRetentionRunsTable = {
        id: newId(),
        account_id: input.accountId,
        run_date: input.date,
        status: 'running',
        action: input.action,
        cutoff: input.cutoff,
        counts: '{}',
        started_at: input.startedAt,
        completed_at: null,
      };
      // A retried job finds the day's run (unique per account and day) and goes on with it.
      await db
        .insertInto('privacy_retention_runs')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'run_date']).doNothing())
        .execute();
      const stored = await db
        .selectFrom('privacy_retention_runs')
        .selectAll()
        .where('account_id', '=', input.accountId)
        .where('run_date', '=', input.date)
        .executeTakeFirstOrThrow();
      return toRun(stored);
    },

    async completeRetentionRun(accountId, id, counts, at) {
      await db
        .updateTable('privacy_retention_runs')
        .set({ status: 'completed', counts: JSON.stringify(counts), completed_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },

    async listRetentionRuns(accountId, limit) {
      const rows = await db
        .selectFrom('privacy_retention_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('run_date', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRun);
    },

    async checkpoint() {
      // PostgreSQL: deleted tuples stay until VACUUM reclaims them, which cannot run inside a
      // transaction (autovacuum does it later); nothing to do here.
      if (dialect !== 'sqlite') return;
      // With secure_delete on (connect.ts) the freed pages were zeroed; the WAL still holds the old
      // page images until it is checkpointed and truncated.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    },
  };
}
