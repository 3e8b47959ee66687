/**
 * Every error leaves as application/problem+json (RFC 9457). This file is the one place that maps
 * errors to status codes.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError } from '@sofortdesk/domain';
import type { ZodError } from 'zod';

export interface ProblemInit {
  status: ContentfulStatusCode;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  headers?: Record<string, string>;
}

const TYPES: Partial<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'unavailable',
};

export function problem(c: Context, init: ProblemInit): Response {
  const body = {
    type: `https://sofortdesk.dev/problems/${TYPES[init.status] ?? 'error'}`,
    title: init.title,
    status: init.status,
    ...(init.detail !== undefined && { detail: init.detail }),
    instance: c.req.path,
    ...(init.errors && { errors: init.errors }),
  };
  return c.body(JSON.stringify(body), init.status, {
    'content-type': 'application/problem+json',
    ...init.headers,
  });
}

/** Thrown by middleware and handlers; onError renders it. */
export class ProblemError extends Error {
  constructor(readonly init: ProblemInit) {
    super(init.title);
  }
}

export const unauthorized = () =>
  new ProblemError({
    status: 401,
    title: 'Authentication required',
    detail: 'Log in, or send an API token as Bearer.',
  });

export function zodProblem(c: Context, error: ZodError, where: string): Response {
  return problem(c, {
    status: 422,
    title: 'The request is not valid',
    detail: `Check the ${where}.`,
    errors: error.issues.flatMap(flattenUnion).map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  });
}

type Issue = ZodError['issues'][number];

/**
 * A union none of whose variants matched (a discriminated union with an unknown discriminator) names
 * each field as its first variant sees it, so the caller learns every problem at once; a field that
 * must be one of several constants lists all of them.
 */
function flattenUnion(issue: Issue): { path: PropertyKey[]; message: string }[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const [first, ...others] = issue.errors as Issue[][];
  return first!.flatMap((inner) => {
    let message = inner.message;
    if (inner.code === 'invalid_value') {
      const key = inner.path.join('.');
      const values = [inner, ...others.flat()]
        .filter((other) => other.code === 'invalid_value' && other.path.join('.') === key)
        .flatMap((other) => (other.code === 'invalid_value' ? other.values : []));
      message = `Invalid input: expected one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
    }
    return flattenUnion({ ...inner, message }).map((flat) => ({
      path: [...issue.path, ...flat.path],
      message: flat.message,
    }));
  });
}

const DOMAIN_STATUS = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  unauthenticated: 401,
} as const;

export function renderError(c: Context, error: unknown, log: (error: unknown) => void): Response {
  if (error instanceof ProblemError) return problem(c, error.init);
  if (error instanceof DomainError) {
    return problem(c, {
      status: DOMAIN_STATUS[error.code],
      title: error.message,
      ...(error.details && { errors: error.details }),
    });
  }
  if (error instanceof HTTPException) {
    // hono's own: malformed JSON in a validator (400), and the like.
    return problem(c, { status: error.status, title: error.message || 'Bad request' });
  }
  log(error);
  return problem(c, { status: 500, title: 'Something went wrong on our side', detail: 'It was logged.' });
}
