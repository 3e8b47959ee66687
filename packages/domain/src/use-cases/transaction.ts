import { ConflictError, InvalidError } from '../errors.ts';
import type { Repositories, UnitOfWork } from '../ports.ts';

/**
 * Runs fn in one transaction, again when it lost a race on a unique index: two first messages (or
 * visits) of the same new customer can collide on PostgreSQL, and the loser's second attempt finds
 * what the winner committed.
 */
export async function transactionRetryingConflicts<T>(
  uow: UnitOfWork,
  fn: (repos: Repositories) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await uow.transaction(fn);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

/** A customer's message must carry something: text or at least one attachment. */
export function requireContent(text: string, attachmentCount: number): void {
  if (text.trim() === '' && attachmentCount === 0) {
    throw new InvalidError('A message needs text or an attachment.', [
      { path: 'text', message: 'must not be empty' },
    ]);
  }
}
