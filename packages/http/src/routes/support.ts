import type { OpenAPIHono } from '@hono/zod-openapi';
import type {
  ArticleSearch,
  KnowledgeAnswering,
  KnowledgeGapServices,
  Language,
  PasswordHasher,
  PrivacyCentreDeps,
  SecretCipher,
  MailThreadSigner,
  UseCaseDeps,
  WebchatDeps,
} from '@sofortdesk/domain';
import { problemSchema } from '@sofortdesk/protocol';
import type { AuthService } from '../auth/auth-service.ts';
import type { AppEnv } from '../context.ts';
import type { Metrics } from '../metrics.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';

export interface RouteDeps {
  useCases: UseCaseDeps;
  auth: AuthService;
  passwords: PasswordHasher;
  metrics: Metrics;
  loginLimiter: RateLimiter;
  secureCookies: boolean;
  /** The installation's public URL (embed snippets, attachment links). */
  publicUrl: () => string;
  /** The use cases' deps for the web chat channel: identity verification, blobs, typing signals. */
  webchat: WebchatDeps;
  /** The knowledge engine over each account's public articles. */
  articles: ArticleSearch;
  /** Automatic answers and agents' suggestions. */
  answering: KnowledgeAnswering;
  helpArticleUrl: (accountId: string, language: Language, articleId: string) => string;
  /** Seals secrets at rest (an e-mail inbox's IMAP password and threading key). */
  secrets: SecretCipher;
  /** Signs Message-IDs and reply addresses of replies that leave as mail. */
  mailThreads?: MailThreadSigner;
  /** Knowledge gaps: the engine's assessment and its question clustering. */
  knowledgeGaps: KnowledgeGapServices;
  /** The customers' privacy centre: its use cases' deps and where a login link leads; undefined: off. */
  privacyCentre?: PrivacyCentreLinks;
}

export interface PrivacyCentreLinks {
  deps: PrivacyCentreDeps;
  loginUrl(accountId: string, token: string, language: Language): string;
}

export type App = OpenAPIHono<AppEnv>;
export type Register = (app: App, deps: RouteDeps) => void;

const DESCRIPTIONS = {
  400: 'Malformed request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found (also for ids of other accounts)',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Validation failed; errors name each failing field',
  429: 'Too many attempts',
} as const;

/** The problem responses a route can give, for its OpenAPI entry. */
export function problems<S extends keyof typeof DESCRIPTIONS>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  ) as unknown as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }
  >;
}

export const jsonBody = <T>(schema: T, description = 'Request body') => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const bearerOrSession: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
/** The widget's visitors: the token from POST /api/v1/widget/{webchatInboxId}/sessions. */
export const visitorToken: Record<string, string[]>[] = [{ visitor: [] }];
/** No credentials at all (the widget's first contact, unguessable file links). */
export const noAuth: Record<string, string[]>[] = [];
