import type { Clock, UnitOfWork } from '../ports.ts';

/** What every use case is given by the composition root. */
export interface UseCaseDeps {
  uow: UnitOfWork;
  clock: Clock;
}
