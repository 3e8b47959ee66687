/**
 * One set of migrations for SQLite and PostgreSQL. Only the timestamp type differs: timestamptz on
 * PostgreSQL, ISO-8601 text on SQLite (which sorts and compares correctly as text).
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    '0001_inbox_model': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('default_language', 'text', (c) => c.notNull())
          .addColumn('event_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('users_account').on('users').columns(['account_id']).execute();

        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('team_members')
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
          .execute();

        await db.schema
          .createTable('inboxes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('webhook_url', 'text')
          .addColumn('webhook_secret', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('inboxes_account').on('inboxes').columns(['account_id']).execute();
        await db.schema
          .createTable('inbox_members')
          .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('inbox_members_pk', ['inbox_id', 'user_id'])
          .execute();
        await db.schema.createIndex('inbox_members_user').on('inbox_members').columns(['user_id']).execute();

        await db.schema
          .createTable('contacts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text')
          .addColumn('email', 'text')
          .addColumn('phone', 'text')
          .addColumn('language', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('contacts_account_created')
          .on('contacts')
          .columns(['account_id', 'created_at', 'id'])
          .execute();

        await db.schema
          .createTable('contact_identities')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addUniqueConstraint('contact_identities_unique', ['account_id', 'kind', 'value'])
          .execute();
        await db.schema
          .createIndex('contact_identities_contact')
          .on('contact_identities')
          .columns(['contact_id'])
          .execute();

        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
          .addColumn('team_id', 'text', (c) => c.references('teams.id'))
          .addColumn('labels', 'text', (c) => c.notNull())
          .addColumn('language', 'text')
          .addColumn('snoozed_until', ts)
          .addColumn('last_message_at', ts, (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('conversations_account_recent')
          .on('conversations')
          .columns(['account_id', 'last_message_at', 'id'])
          .execute();
        await db.schema
          .createIndex('conversations_contact')
          .on('conversations')
          .columns(['account_id', 'contact_id', 'inbox_id'])
          .execute();

        await db.schema
          .createTable('messages')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('author_type', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text')
          .addColumn('attachments', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        // The idempotency guarantee of every channel: one externalId, one message, per inbox.
        await db.schema
          .createIndex('messages_external_id')
          .unique()
          .on('messages')
          .columns(['inbox_id', 'external_id'])
          .execute();
        await db.schema
          .createIndex('messages_conversation')
          .on('messages')
          .columns(['conversation_id', 'created_at', 'id'])
          .execute();

        await db.schema
          .createTable('events')
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('cursor', 'bigint', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('inbox_id', 'text')
          .addColumn('conversation_id', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addPrimaryKeyConstraint('events_pk', ['account_id', 'cursor'])
          .execute();

        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text')
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('run_at', ts, (c) => c.notNull())
          .addColumn('expires_at', ts, (c) => c.notNull())
          .addColumn('locked_until', ts)
          .addColumn('locked_by', 'text')
          .addColumn('last_error', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('finished_at', ts)
          .execute();
        await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('last_used_at', ts)
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('expires_at', ts, (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const table of [
          'sessions',
          'api_tokens',
          'jobs',
          'events',
          'messages',
          'conversations',
          'contact_identities',
          'contacts',
          'inbox_members',
          'inboxes',
          'team_members',
          'teams',
          'users',
          'accounts',
        ]) {
          await sql`drop table if exists ${sql.table(table)}`.execute(db);
        }
      },
    },
    '0002_webchat': {
      async up(db: Kysely<unknown>) {
        // The widget's settings (JSON) and its identity secrets (JSON list, newest first): channel webchat only.
        await db.schema.alterTable('inboxes').addColumn('webchat', 'text').execute();
        await db.schema.alterTable('inboxes').addColumn('webchat_secrets', 'text').execute();

        await db.schema
          .createTable('visitor_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
          // No foreign key: merging deletes the contact, and that ends the session (see findByHash).
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('expires_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('visitor_sessions_contact')
          .on('visitor_sessions')
          .columns(['account_id', 'contact_id'])
          .execute();

        await db.schema
          .createTable('attachments')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
          .addColumn('session_id', 'text', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists attachments`.execute(db);
        await sql`drop table if exists visitor_sessions`.execute(db);
        await db.schema.alterTable('inboxes').dropColumn('webchat_secrets').execute();
        await db.schema.alterTable('inboxes').dropColumn('webchat').execute();
      },
    },
    '0003_business_hours_and_receipts': {
      async up(db: Kysely<unknown>) {
        // JSON of the inbox's opening hours (any channel); null: none configured.
        await db.schema.alterTable('inboxes').addColumn('business_hours', 'text').execute();
        // Read receipts: each side's mark only moves forward (see conversations.markRead).
        await db.schema.alterTable('conversations').addColumn('contact_last_read_at', ts).execute();
        await db.schema.alterTable('conversations').addColumn('agent_last_read_at', ts).execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('conversations').dropColumn('agent_last_read_at').execute();
        await db.schema.alterTable('conversations').dropColumn('contact_last_read_at').execute();
        await db.schema.alterTable('inboxes').dropColumn('business_hours').execute();
      },
    },
    '0004_canned_answers': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('canned_answers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('shortcut', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          // null: offered in both languages
          .addColumn('language', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          // What an agent types after "/" names exactly one answer of their account.
          .addUniqueConstraint('canned_answers_shortcut', ['account_id', 'shortcut'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists canned_answers`.execute(db);
      },
    },
    '0005_waiting_since': {
      async up(db: Kysely<unknown>) {
        // Since when the customer waits for an answer (see domain/waiting.ts); null: nobody waits.
        await db.schema.alterTable('conversations').addColumn('waiting_since', ts).execute();
        // Existing conversations: the oldest customer text after the last outbound text.
        await sql`
          update conversations set waiting_since = (
            select min(m.created_at) from messages m
             where m.conversation_id = conversations.id and m.direction = 'in' and m.kind = 'text'
               and not exists (
                 select 1 from messages o
                  where o.conversation_id = m.conversation_id and o.direction = 'out'
                    and o.kind = 'text' and o.created_at >= m.created_at))`.execute(db);
        // The inbox's default order: the longest-waiting first, per account, keyset by id.
        await db.schema
          .createIndex('conversations_account_waiting')
          .on('conversations')
          .columns(['account_id', 'waiting_since', 'id'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropIndex('conversations_account_waiting').execute();
        await db.schema.alterTable('conversations').dropColumn('waiting_since').execute();
      },
    },
    '0007_knowledge': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('kb_collections')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        // Partners who may read and propose changes in a collection.
        await db.schema
          .createTable('kb_collection_partners')
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('collection_id', 'text', (c) => c.notNull().references('kb_collections.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addPrimaryKeyConstraint('kb_collection_partners_pk', ['collection_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('kb_articles')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('collection_id', 'text', (c) => c.notNull().references('kb_collections.id'))
          .addColumn('translation_group', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          // JSON lists of strings
          .addColumn('alternative_questions', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('visibility', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          // One article per language in a group of translations.
          .addUniqueConstraint('kb_articles_translation', ['account_id', 'translation_group', 'language'])
          .execute();
        await db.schema
          .createIndex('kb_articles_collection')
          .on('kb_articles')
          .columns(['account_id', 'collection_id', 'updated_at'])
          .execute();
        // Every saved state of an article, append-only: diff and restore read from here.
        await db.schema
          .createTable('kb_article_versions')
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('alternative_questions', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('visibility', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text', (c) => c.notNull())
          .addColumn('restored_from', 'integer')
          .addColumn('created_at', ts, (c) => c.notNull())
          .addPrimaryKeyConstraint('kb_article_versions_pk', ['article_id', 'version'])
          .execute();
        await db.schema
          .createTable('kb_change_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('collection_id', 'text', (c) => c.notNull().references('kb_collections.id'))
          .addColumn('article_id', 'text')
          .addColumn('base_version', 'integer')
          .addColumn('language', 'text', (c) => c.notNull())
          // JSON of the proposed ArticleContent
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('reviewer_id', 'text')
          .addColumn('review_note', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('reviewed_at', ts)
          .execute();
        // "Did this help?": training data for ranking and calibration, and a signal for editors.
        await db.schema
          .createTable('kb_feedback')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id'))
          .addColumn('helpful', 'integer', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('query', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('kb_feedback_article')
          .on('kb_feedback')
          .columns(['account_id', 'article_id'])
          .execute();
        await db.schema
          .createIndex('kb_change_requests_status')
          .on('kb_change_requests')
          .columns(['account_id', 'status', 'created_at'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const table of [
          'kb_feedback',
          'kb_change_requests',
          'kb_article_versions',
          'kb_articles',
          'kb_collection_partners',
          'kb_collections',
        ]) {
          await sql`drop table if exists ${sql.table(table)}`.execute(db);
        }
      },
    },
    '0010_email_channel': {
      async up(db: Kysely<unknown>) {
        // Channel email: the address (lower-case, unique in the installation: the SMTP listener finds
        // the inbox by it alone), its settings (JSON) and its secrets (sealed, see SecretCipher).
        await db.schema.alterTable('inboxes').addColumn('email_address', 'text').execute();
        await db.schema.alterTable('inboxes').addColumn('email_settings', 'text').execute();
        await db.schema.alterTable('inboxes').addColumn('email_secrets', 'text').execute();
        await db.schema
          .createIndex('inboxes_email_address')
          .unique()
          .on('inboxes')
          .columns(['email_address'])
          .execute();
        // The mail behind a message (JSON: Message-ID, subject, sanitised HTML, raw blob key, ...),
        // and an outbound message's delivery report (JSON), e.g. after a bounce.
        await db.schema.alterTable('messages').addColumn('email', 'text').execute();
        await db.schema.alterTable('messages').addColumn('delivery', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('messages').dropColumn('delivery').execute();
        await db.schema.alterTable('messages').dropColumn('email').execute();
        await db.schema.dropIndex('inboxes_email_address').execute();
        await db.schema.alterTable('inboxes').dropColumn('email_secrets').execute();
        await db.schema.alterTable('inboxes').dropColumn('email_settings').execute();
        await db.schema.alterTable('inboxes').dropColumn('email_address').execute();
      },
    },
    '0008_auto_answers': {
      async up(db: Kysely<unknown>) {
        // Automatic answers are off until an admin turns them on; precision target as in the issue.
        await db.schema
          .alterTable('accounts')
          .addColumn('auto_answers_enabled', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('accounts')
          .addColumn('auto_answers_precision', 'double precision', (c) => c.notNull().defaultTo(0.95))
          .execute();
        // What the engine learns from: (question, article, positive/negative), by source.
        await db.schema
          .createTable('kb_training_pairs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('article_id', 'text', (c) => c.notNull())
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('kb_training_pairs_account')
          .on('kb_training_pairs')
          .columns(['account_id', 'created_at'])
          .execute();
        // Each automatic answer: which article, how sure, and what the customer said to it.
        await db.schema
          .createTable('kb_auto_answers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('question_message_id', 'text', (c) => c.notNull())
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('answer_message_id', 'text', (c) => c.notNull())
          .addColumn('article_id', 'text', (c) => c.notNull())
          .addColumn('article_title', 'text', (c) => c.notNull())
          .addColumn('probability', 'double precision', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('decided_at', ts)
          .execute();
        await db.schema
          .createIndex('kb_auto_answers_conversation')
          .on('kb_auto_answers')
          .columns(['account_id', 'conversation_id', 'created_at'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists kb_auto_answers`.execute(db);
        await sql`drop table if exists kb_training_pairs`.execute(db);
        await db.schema.alterTable('accounts').dropColumn('auto_answers_precision').execute();
        await db.schema.alterTable('accounts').dropColumn('auto_answers_enabled').execute();
      },
    },
    '0011_imap_cursors': {
      async up(db: Kysely<unknown>) {
        // How far an e-mail inbox's IMAP mailbox was fetched: UIDVALIDITY and the last UID handed over.
        await db.schema
          .createTable('imap_cursors')
          .addColumn('inbox_id', 'text', (c) => c.primaryKey().references('inboxes.id'))
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('uid_validity', 'text', (c) => c.notNull())
          .addColumn('last_uid', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists imap_cursors`.execute(db);
      },
    },
    '0013_consent_ledger': {
      async up(db: Kysely<unknown>) {
        // Consent purposes per account; the current version's texts here, every version below.
        await db.schema
          .createTable('consent_purposes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('texts', 'text', (c) => c.notNull())
          .addColumn('per_case', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('consent_purposes_key')
          .unique()
          .on('consent_purposes')
          .columns(['account_id', 'key'])
          .execute();
        // Immutable: a version is written once and never changed, so an entry's version names its words.
        await db.schema
          .createTable('consent_purpose_versions')
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('purpose_id', 'text', (c) => c.notNull().references('consent_purposes.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('texts', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addPrimaryKeyConstraint('consent_purpose_versions_pk', ['purpose_id', 'version'])
          .execute();
        // The ledger: append-only. No reference to contacts: a merge moves entries, an erasure deletes them.
        await db.schema
          .createTable('consent_entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('purpose_id', 'text', (c) => c.notNull().references('consent_purposes.id'))
          .addColumn('purpose_key', 'text', (c) => c.notNull())
          .addColumn('purpose_version', 'integer', (c) => c.notNull())
          .addColumn('granted', 'integer', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('recorded_by_kind', 'text', (c) => c.notNull())
          .addColumn('recorded_by_user_id', 'text')
          .addColumn('how', 'text', (c) => c.notNull())
          .addColumn('reference', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('consent_entries_contact')
          .on('consent_entries')
          .columns(['account_id', 'contact_id', 'purpose_id', 'created_at', 'id'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists consent_entries`.execute(db);
        await sql`drop table if exists consent_purpose_versions`.execute(db);
        await sql`drop table if exists consent_purposes`.execute(db);
      },
    },
    '0014_privacy': {
      async up(db: Kysely<unknown>) {
        // Who looked at or exported whose data, never the data itself (GDPR accountability).
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('user_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_log_account')
          .on('audit_log')
          .columns(['account_id', 'created_at', 'id'])
          .execute();
        // Erasure receipts: ids, times and counts only, so the proof of an erasure holds no personal data.
        await db.schema
          .createTable('privacy_erasures')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('counts', 'text')
          .addColumn('requested_at', ts, (c) => c.notNull())
          .addColumn('completed_at', ts)
          .execute();
        // Per account: what an erasure does with the contact's conversations (no row: delete them).
        await db.schema
          .createTable('privacy_settings')
          .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
          .addColumn('erasure_messages', 'text', (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists privacy_settings`.execute(db);
        await sql`drop table if exists privacy_erasures`.execute(db);
        await sql`drop table if exists audit_log`.execute(db);
      },
    },
    '0015_triage_routing': {
      async up(db: Kysely<unknown>) {
        // Per inbound message: what triage found and which rule routed it (issue 6).
        await db.schema
          .createTable('message_triage')
          .addColumn('message_id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('analysed', 'integer', (c) => c.notNull())
          .addColumn('sentiment', 'text')
          .addColumn('anger', 'integer')
          .addColumn('urgency', 'integer')
          .addColumn('intent', 'text')
          .addColumn('intent_confidence', 'real')
          .addColumn('complexity', 'real')
          .addColumn('complexity_reasons', 'text', (c) => c.notNull())
          .addColumn('unreadable', 'text')
          .addColumn('rule_id', 'text')
          .addColumn('explanation', 'text')
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('message_triage_conversation')
          .on('message_triage')
          .columns(['account_id', 'conversation_id', 'created_at'])
          .execute();
        // Ordered rules; the fallback (is_fallback = 1) is always evaluated last.
        await db.schema
          .createTable('routing_rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('is_fallback', 'integer', (c) => c.notNull())
          .addColumn('conditions', 'text', (c) => c.notNull())
          .addColumn('actions', 'text', (c) => c.notNull())
          .addColumn('problem', 'text')
          .addColumn('problem_at', ts)
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('routing_rules_account')
          .on('routing_rules')
          .columns(['account_id', 'position'])
          .execute();
        // One fallback per account, also when two first messages are triaged at once (the loser retries).
        await db.schema
          .createIndex('routing_rules_fallback')
          .unique()
          .on('routing_rules')
          .column('account_id')
          .where(sql.ref('is_fallback'), '=', 1)
          .execute();
        // An explicit SLA policy a routing rule chose (null: the account's policy for the priority).
        await db.schema.alterTable('conversations').addColumn('sla_policy_id', 'text').execute();
        // Attributes routing conditions look at (`vip`: true), JSON object; null: none.
        await db.schema.alterTable('contacts').addColumn('attributes', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('contacts').dropColumn('attributes').execute();
        await db.schema.alterTable('conversations').dropColumn('sla_policy_id').execute();
        await sql`drop table if exists routing_rules`.execute(db);
        await sql`drop table if exists message_triage`.execute(db);
      },
    },
    '0016_assignment': {
      async up(db: Kysely<unknown>) {
        // Automatic assignment (domain/assignment.ts): each agent's presence, capacity and skills.
        await db.schema
          .alterTable('users')
          .addColumn('availability', 'text', (c) => c.notNull().defaultTo('online'))
          .execute();
        // The workspace's heartbeat: "online" counts only while it is recent.
        await db.schema.alterTable('users').addColumn('last_seen_at', ts).execute();
        await db.schema
          .alterTable('users')
          .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(10))
          .execute();
        await db.schema
          .alterTable('users')
          .addColumn('skill_languages', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema
          .alterTable('users')
          .addColumn('skill_topics', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        // Per team: how it assigns, and whether it does on its own.
        await db.schema
          .alterTable('teams')
          .addColumn('assignment_strategy', 'text', (c) => c.notNull().defaultTo('round-robin'))
          .execute();
        await db.schema
          .alterTable('teams')
          .addColumn('auto_assign', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // Conversations without a team.
        await db.schema
          .alterTable('accounts')
          .addColumn('assignment_strategy', 'text', (c) => c.notNull().defaultTo('round-robin'))
          .execute();
        // In the queue since (null: not waiting for an automatic assignment).
        await db.schema.alterTable('conversations').addColumn('assignment_queued_at', ts).execute();
        await db.schema
          .createIndex('conversations_assignment_queue')
          .on('conversations')
          .columns(['account_id', 'assignment_queued_at'])
          .execute();
        await db.schema
          .createIndex('conversations_assignee')
          .on('conversations')
          .columns(['account_id', 'assignee_id', 'status'])
          .execute();
        // Round-robin: the last agent each scope ("team:<id>", "inbox:<id>") assigned to.
        await db.schema
          .createTable('assignment_pointers')
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .addPrimaryKeyConstraint('assignment_pointers_pk', ['account_id', 'scope'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists assignment_pointers`.execute(db);
        await sql`drop index if exists conversations_assignee`.execute(db);
        await sql`drop index if exists conversations_assignment_queue`.execute(db);
        await db.schema.alterTable('conversations').dropColumn('assignment_queued_at').execute();
        await db.schema.alterTable('accounts').dropColumn('assignment_strategy').execute();
        await db.schema.alterTable('teams').dropColumn('auto_assign').execute();
        await db.schema.alterTable('teams').dropColumn('assignment_strategy').execute();
        for (const column of [
          'skill_topics',
          'skill_languages',
          'capacity',
          'last_seen_at',
          'availability',
        ]) {
          await db.schema.alterTable('users').dropColumn(column).execute();
        }
      },
    },
    '0017_sla': {
      async up(db: Kysely<unknown>) {
        // SLA policies per account (domain/sla.ts): targets, calendar and escalation as JSON.
        await db.schema
          .createTable('sla_policies')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('priority', 'text')
          .addColumn('targets', 'text', (c) => c.notNull())
          .addColumn('calendar', 'text', (c) => c.notNull())
          .addColumn('business_hours', 'text')
          .addColumn('warn_at_percent', 'integer')
          .addColumn('escalation', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .addColumn('updated_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('sla_policies_account')
          .on('sla_policies')
          .columns(['account_id', 'created_at'])
          .execute();
        // The timers of a conversation (JSON of ConversationSla); null: no policy applies.
        await db.schema.alterTable('conversations').addColumn('sla', 'text').execute();
        // Warnings and breaches for the metrics. No reference to conversations: an erasure deletes them.
        await db.schema
          .createTable('sla_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('policy_id', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('due_at', ts, (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('sla_events_account')
          .on('sla_events')
          .columns(['account_id', 'created_at', 'id'])
          .execute();
        await db.schema
          .createIndex('sla_events_conversation')
          .on('sla_events')
          .columns(['account_id', 'conversation_id'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists sla_events`.execute(db);
        await db.schema.alterTable('conversations').dropColumn('sla').execute();
        await sql`drop table if exists sla_policies`.execute(db);
      },
    },
    '0020_privacy_centre': {
      async up(db: Kysely<unknown>) {
        // One-time login links to the customer's privacy centre: the token's hash only, the address
        // it was asked for as a hash only (no personal data), single use (used_at).
        await db.schema
          .createTable('privacy_logins')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('email_hash', 'text')
          .addColumn('language', 'text')
          .addColumn('expires_at', ts, (c) => c.notNull())
          .addColumn('used_at', ts)
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('privacy_logins_contact')
          .on('privacy_logins')
          .columns(['account_id', 'contact_id', 'created_at'])
          .execute();
        // The customer's sessions in the centre (a cookie), stored hashed.
        await db.schema
          .createTable('privacy_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('via', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('expires_at', ts, (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('privacy_sessions_contact')
          .on('privacy_sessions')
          .columns(['account_id', 'contact_id'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists privacy_sessions`.execute(db);
        await sql`drop table if exists privacy_logins`.execute(db);
      },
    },
    '0018_case_shares': {
      async up(db: Kysely<unknown>) {
        // Per-case shares (issue 7): value is JSON while active, null once ended (the tombstone keeps
        // kind and times); blob_key names a photo's file until then.
        await db.schema
          .createTable('case_shares')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('inbox_id', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text')
          .addColumn('blob_key', 'text')
          .addColumn('purpose_key', 'text')
          .addColumn('shared_via', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('shared_at', ts, (c) => c.notNull())
          .addColumn('expires_at', ts, (c) => c.notNull())
          .addColumn('ended_at', ts)
          .addColumn('end_reason', 'text')
          .execute();
        await db.schema
          .createIndex('case_shares_conversation')
          .on('case_shares')
          .columns(['account_id', 'conversation_id'])
          .execute();
        await db.schema
          .createIndex('case_shares_contact')
          .on('case_shares')
          .columns(['account_id', 'contact_id'])
          .execute();
        await db.schema
          .createIndex('case_shares_due')
          .on('case_shares')
          .columns(['account_id', 'status', 'expires_at'])
          .execute();
        // Who looked at a share's value (or was refused after it ended), and when; never the value.
        await db.schema
          .createTable('case_share_access')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('share_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('created_at', ts, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('case_share_access_share')
          .on('case_share_access')
          .columns(['account_id', 'share_id', 'created_at'])
          .execute();
        // The account's default lifetime of a share (null: 24 h).
        await db.schema.alterTable('privacy_settings').addColumn('case_share_hours', 'integer').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('privacy_settings').dropColumn('case_share_hours').execute();
        await sql`drop table if exists case_share_access`.execute(db);
        await sql`drop table if exists case_shares`.execute(db);
      },
    },
    '0019_retention': {
      async up(db: Kysely<unknown>) {
        // One ALTER per column: SQLite adds one column per statement.
        await db.schema.alterTable('privacy_settings').addColumn('retention_months', 'integer').execute();
        await db.schema.alterTable('privacy_settings').addColumn('retention_action', 'text').execute();
        // Set when retention anonymised a conversation, so the next day's run passes it by.
        await db.schema.alterTable('conversations').addColumn('anonymised_at', ts).execute();
        await db.schema
          .createIndex('conversations_retention')
          .on('conversations')
          .columns(['account_id', 'status', 'updated_at'])
          .execute();
        // Receipts of the daily runs: cut-off and counts, no personal data; one per account and day.
        await db.schema
          .createTable('privacy_retention_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
          .addColumn('run_date', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('action', 'text')
          .addColumn('cutoff', ts)
          .addColumn('counts', 'text', (c) => c.notNull())
          .addColumn('started_at', ts, (c) => c.notNull())
          .addColumn('completed_at', ts)
          .execute();
        await db.schema
          .createIndex('privacy_retention_runs_day')
          .unique()
          .on('privacy_retention_runs')
          .columns(['account_id', 'run_date'])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table if exists privacy_retention_runs`.execute(db);
        await sql`drop index if exists conversations_retention`.execute(db);
        await db.schema.alterTable('conversations').dropColumn('anonymised_at').execute();
        await db.schema.alterTable('privacy_settings').dropColumn('retention_action').execute();
        await db.schema.alterTable('privacy_settings').dropColumn('retention_months').execute();
      },
    },
    '0021_retention_index': {
      // The retention run's index only over resolved conversations: over all of them it was rewritten
      // by every inbound message (updated_at changes), which cost the ingest path a sixth of its speed.
      // A message to a resolved conversation reopens it, so resolved rows rarely change.
      async up(db: Kysely<unknown>) {
        await sql`drop index if exists conversations_retention`.execute(db);
        await db.schema
          .createIndex('conversations_resolved_retention')
          .on('conversations')
          .columns(['account_id', 'updated_at'])
          .where(sql.ref('status'), '=', 'resolved')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await sql`drop index if exists conversations_resolved_retention`.execute(db);
        await db.schema
          .createIndex('conversations_retention')
          .on('conversations')
          .columns(['account_id', 'status', 'updated_at'])
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
