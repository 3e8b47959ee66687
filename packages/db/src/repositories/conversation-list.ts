/**
 * The inbox list query: filters, two orders and keyset pagination (no OFFSET, so a page costs the
 * same at row 9,950 as at row 0, and conversations added meanwhile never shift the pages after them).
 *
 * Order "waiting" has two segments, each walked along an index of its own:
 *  w. conversations whose customer waits, the longest-waiting first (waiting_since, id ascending:
 *     conversations_account_waiting);
 *  a. then every other one, most recent activity first (last_message_at, id descending:
 *     conversations_account_recent).
 * Order "recent" is segment a's order over all conversations (segment r).
 * The cursor names the segment and the sort key and id of the last row given out, so the next page
 * starts right after it. A page that ends a segment goes on with the next one in the same request.
 */
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import {
  InvalidError,
  type Conversation,
  type ConversationFilter,
  type ConversationSort,
  type Page,
} from '@sofortdesk/domain';
import type { Dialect } from '../migrations.ts';
import type { ConversationsTable, Schema } from '../schema.ts';
import { isIsoTimestamp, type RepoContext } from './support.ts';

type Segment = 'w' | 'a' | 'r';
type Cursor = [segment: Segment, at: string, id: string];
type Where = ExpressionBuilder<Schema, 'conversations'>;

const SEGMENTS_OF: Record<ConversationSort, readonly Segment[]> = { waiting: ['w', 'a'], recent: ['r'] };

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Cursors come back from clients: anything but what this sort gave out is a 422, never a 500. */
function decode(cursor: string | undefined, segments: readonly Segment[]): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      segments.includes(value[0] as Segment) &&
      typeof value[1] === 'string' &&
      isIsoTimestamp(value[1]) &&
      typeof value[2] === 'string' &&
      value[2].length <= 64 &&
      // eslint-disable-next-line no-control-regex -- PostgreSQL cannot compare text holding NUL
      !/[\u0000-\u001F\u007F]/.test(value[2])
    ) {
      return value as Cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidError('Invalid page cursor.', [
    { path: 'cursor', message: 'not a cursor this API gave out for this sort' },
  ]);
}

/** Every filter, as one condition (each one narrows; all of them together). */
function filtered(dialect: Dialect, accountId: string, filter: ConversationFilter) {
  return (eb: Where): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [eb('account_id', '=', accountId)];
    if (filter.inboxIds) all.push(eb('inbox_id', 'in', filter.inboxIds));
    if (filter.status) all.push(eb('status', '=', filter.status));
    if (filter.inboxId) all.push(eb('inbox_id', '=', filter.inboxId));
    if (filter.channel) {
      all.push(
        eb(
          'inbox_id',
          'in',
          eb
            .selectFrom('inboxes')
            .select('inboxes.id')
            .where('inboxes.account_id', '=', accountId)
            .where('inboxes.channel', '=', filter.channel),
        ),
      );
    }
    if (filter.teamId) all.push(eb('team_id', '=', filter.teamId));
    if (filter.contactId) all.push(eb('contact_id', '=', filter.contactId));
    if (filter.assigneeId === null) all.push(eb('assignee_id', 'is', null));
    else if (filter.assigneeId) all.push(eb('assignee_id', '=', filter.assigneeId));
    if (filter.language) all.push(eb('language', '=', filter.language));
    if (filter.priority) all.push(eb('priority', '=', filter.priority));
    if (filter.label !== undefined) {
      // Labels are a JSON array of text: ask the database whether it holds this one.
      all.push(
        dialect === 'postgres'
          ? sql<SqlBool>`conversations.labels::jsonb @> jsonb_build_array(${filter.label}::text)`
          : sql<SqlBool>`exists (select 1 from json_each(conversations.labels) where json_each.value = ${filter.label})`,
      );
    }
    return eb.and(all);
  };
}

/** The rows of one segment after the cursor, in the segment's order. */
function segmentRows(
  { db, dialect }: RepoContext,
  accountId: string,
  filter: ConversationFilter,
  segment: Segment,
  after: Cursor | undefined,
  limit: number,
): Promise<ConversationsTable[]> {
  let q = db
    .selectFrom('conversations')
    .selectAll()
    .where(filtered(dialect, accountId, filter));
  const from = after?.[0] === segment ? after : undefined;
  if (segment === 'w') {
    q = q.where('waiting_since', 'is not', null);
    if (from) {
      const [, at, id] = from;
      q = q.where((eb) =>
        eb.or([eb('waiting_since', '>', at), eb.and([eb('waiting_since', '=', at), eb('id', '>', id)])]),
      );
    }
    return q.orderBy('waiting_since', 'asc').orderBy('id', 'asc').limit(limit).execute();
  }
  if (segment === 'a') q = q.where('waiting_since', 'is', null);
  if (from) {
    const [, at, id] = from;
    q = q.where((eb) =>
      eb.or([eb('last_message_at', '<', at), eb.and([eb('last_message_at', '=', at), eb('id', '<', id)])]),
    );
  }
  return q.orderBy('last_message_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function listConversations<T extends Conversation>(
  context: RepoContext,
  accountId: string,
  filter: ConversationFilter,
  toConversation: (row: ConversationsTable) => T,
): Promise<Page<T>> {
  if (filter.inboxIds?.length === 0) return { items: [], nextCursor: null };
  const segments = SEGMENTS_OF[filter.sort ?? 'recent'];
  const after = decode(filter.cursor, segments);
  // Segments before the cursor's are done.
  const todo = after ? segments.slice(segments.indexOf(after[0])) : segments;

  const page: { segment: Segment; row: ConversationsTable }[] = [];
  let more = false;
  for (const segment of todo) {
    const wanted = filter.limit - page.length;
    // One row beyond the page tells whether there is a next one (this segment's or the next's).
    const rows = await segmentRows(context, accountId, filter, segment, after, wanted + 1);
    for (const row of rows.slice(0, wanted)) page.push({ segment, row });
    if (rows.length > wanted) {
      more = true;
      break;
    }
  }
  const last = page.at(-1);
  const nextCursor =
    more && last
      ? encode([
          last.segment,
          last.segment === 'w' ? last.row.waiting_since! : last.row.last_message_at,
          last.row.id,
        ])
      : null;
  return { items: page.map(({ row }) => toConversation(row)), nextCursor };
}
