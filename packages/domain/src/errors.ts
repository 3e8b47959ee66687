/**
 * Domain errors. The HTTP layer maps each to one problem type; nothing else decides status codes.
 * NotFound is also what a caller gets for another account's ids: existence never leaks across tenants.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unauthenticated',
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(readonly entity: string) {
    super(`${entity} not found`, 'not_found');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(message, 'forbidden');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

export class InvalidError extends DomainError {
  constructor(message: string, details?: { path: string; message: string }[]) {
    super(message, 'invalid', details);
  }
}

/** Credentials that are missing, wrong or expired (a widget visitor's token, an identity token): 401. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string, details?: { path: string; message: string }[]) {
    super(message, 'unauthenticated', details);
  }
}
