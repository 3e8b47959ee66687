import type {
  BusinessHours,
  Channel,
  EmailInboxSettings,
  Inbox,
  Language,
  Repositories,
  WebchatSecret,
  WebchatSettings,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { InboxesTable } from '../schema.ts';
import { parseJson, type RepoContext } from './support.ts';
import { QueryTemplate } from './templates.ts';

/** Every inbound message looks its inbox up: a template (templates.ts). */
const inboxById = new QueryTemplate(2, (db, accountId: string, id: string) =>
  db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('id', '=', id),
);

/** Settings stored before a field existed get its default. */
const withDefaults = (settings: WebchatSettings): WebchatSettings => ({
  ...settings,
  proactiveRules: settings.proactiveRules ?? [],
});

const toInbox = (row: InboxesTable): Inbox => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  channel: row.channel as Channel,
  language: row.language as Language,
  webchat: row.webchat === null ? null : withDefaults(parseJson<WebchatSettings>(row.webchat)),
  businessHours: row.business_hours === null ? null : parseJson<BusinessHours>(row.business_hours),
  email: row.email_settings ? parseJson<EmailInboxSettings>(row.email_settings) : null,
  createdAt: row.created_at,
});

export function inboxRepository({ db, dialect, now }: RepoContext): Repositories['inboxes'] {
  return {
    async create(input) {
      const row: InboxesTable = {
        id: newId(),
        account_id: input.accountId,
        name: input.name,
        channel: input.channel,
        language: input.language,
        webhook_url: input.webhookUrl,
        webhook_secret: input.webhookSecret,
        webchat: input.webchat ? JSON.stringify(input.webchat) : null,
        webchat_secrets: input.webchat ? JSON.stringify(input.webchatSecrets ?? []) : null,
        business_hours: null,
        email_address: input.email ? input.email.settings.address.toLowerCase() : null,
        email_settings: input.email ? JSON.stringify(input.email.settings) : null,
        email_secrets: input.email ? input.email.sealedSecrets : null,
        created_at: now(),
      };
      await db.insertInto('inboxes').values(row).execute();
      return toInbox(row);
    },
    async get(accountId, id) {
      const [row] = await inboxById.execute(db, dialect, accountId, id);
      return row && toInbox(row);
    },
    async getWebhook(accountId, id) {
      const row = await db
        .selectFrom('inboxes')
        .select(['webhook_url', 'webhook_secret'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.webhook_url && row.webhook_secret
        ? { url: row.webhook_url, secret: row.webhook_secret }
        : null;
    },
    async list(accountId, inboxIds) {
      if (inboxIds?.length === 0) return [];
      let query = db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId);
      if (inboxIds) query = query.where('id', 'in', inboxIds);
      return (await query.orderBy('name').execute()).map(toInbox);
    },
    async addMember(accountId, inboxId, userId) {
      await db
        .insertInto('inbox_members')
        .values({ inbox_id: inboxId, user_id: userId, account_id: accountId })
        .onConflict((oc) => oc.columns(['inbox_id', 'user_id']).doNothing())
        .execute();
    },
    async memberInboxIds(accountId, userId) {
      const rows = await db
        .selectFrom('inbox_members')
        .select('inbox_id')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute();
      return rows.map((row) => row.inbox_id);
    },
    async removeMember(accountId, inboxId, userId) {
      await db
        .deleteFrom('inbox_members')
        .where('account_id', '=', accountId)
        .where('inbox_id', '=', inboxId)
        .where('user_id', '=', userId)
        .execute();
    },
    async memberIds(accountId, inboxId) {
      const rows = await db
        .selectFrom('inbox_members')
        .select('user_id')
        .where('account_id', '=', accountId)
        .where('inbox_id', '=', inboxId)
        .execute();
      return rows.map((row) => row.user_id);
    },
    async findWebchat(id) {
      const row = await db
        .selectFrom('inboxes')
        .selectAll()
        .where('id', '=', id)
        .where('channel', '=', 'webchat')
        .executeTakeFirst();
      return row && toInbox(row);
    },
    async updateWebchat(accountId, id, settings) {
      const row = await db
        .updateTable('inboxes')
        .set({ webchat: JSON.stringify(settings) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('channel', '=', 'webchat')
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInbox(row);
    },
    async getWebchatSecrets(accountId, id) {
      const row = await db
        .selectFrom('inboxes')
        .select('webchat_secrets')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.webchat_secrets ? parseJson<WebchatSecret[]>(row.webchat_secrets) : [];
    },
    async setWebchatSecrets(accountId, id, secrets) {
      await db
        .updateTable('inboxes')
        .set({ webchat_secrets: JSON.stringify(secrets) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('channel', '=', 'webchat')
        .execute();
    },
    async findByEmailAddress(address) {
      const row = await db
        .selectFrom('inboxes')
        .selectAll()
        .where('email_address', '=', address.toLowerCase())
        .where('channel', '=', 'email')
        .executeTakeFirst();
      return row && toInbox(row);
    },
    async listWithImap() {
      const rows = await db
        .selectFrom('inboxes')
        .selectAll()
        .where('channel', '=', 'email')
        .where('email_settings', 'is not', null)
        .orderBy('created_at')
        .execute();
      return rows.map(toInbox).filter((inbox) => inbox.email?.imap);
    },
    async getEmailSecrets(accountId, id) {
      const row = await db
        .selectFrom('inboxes')
        .select('email_secrets')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.email_secrets ?? null;
    },
    async setBusinessHours(accountId, id, hours) {
      const row = await db
        .updateTable('inboxes')
        .set({ business_hours: hours && JSON.stringify(hours) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toInbox(row);
    },
  };
}
