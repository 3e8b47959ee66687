import { InvalidError, type Page } from '@sofortdesk/domain';
import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.ts';
import type { Schema } from '../schema.ts';

/** What each repository gets: the connection or the open transaction, and the clock's "now". */
export interface RepoContext {
  db: Kysely<Schema>;
  dialect: Dialect;
  now: () => string;
}

/** Keyset pagination: the cursor is the sort key and id of the last row, opaque to clients. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Cursors come back from clients, so check what we gave out: every list here is keyed by a
    // timestamp as toISOString() writes it, and an id. Anything else would reach the database as a
    // value PostgreSQL refuses to compare (not a timestamp, NUL), which is a 500 instead of a 422.
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      value.every((part) => typeof part === 'string' && !/[\u0000-\u001F\u007F]/.test(part)) &&
      isIsoTimestamp(value[0] as string)
    ) {
      return value as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidError('Invalid page cursor.', [
    { path: 'cursor', message: 'not a cursor this API gave out' },
  ]);
}

const ISO_TIMESTAMP = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const isIsoTimestamp = (text: string) =>
  ISO_TIMESTAMP.test(text) && new Date(text).toISOString() === text;

/** Fetch limit+1 rows, return limit and a cursor when there was one more. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
  key: (row: Row) => [string, string],
): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: more && last ? encodeCursor(...key(last)) : null };
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
