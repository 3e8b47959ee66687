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
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
