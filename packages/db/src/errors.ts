import { ConflictError } from '@sofortdesk/domain';

/** Unique-index violations of either dialect become the domain's ConflictError; all else passes. */
export function mapDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConflictError('A record with the same unique key exists already.');
  }
  return error;
}
