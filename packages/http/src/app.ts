/**
 * The HTTP application: middleware in a fixed order, then the route table, the OpenAPI document and
 * the operational endpoints. Built without a server, so tests call app.request() directly.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type {
  KnowledgeAnswering,
  KnowledgeGapServices,
  BlobStore,
  EphemeralPublisher,
  IdentityVerifier,
  PasswordHasher,
  SecretCipher,
  MailThreadSigner,
  UseCaseDeps,
  WebchatDeps,
  ArticleSearch,
  Language,
} from '@sofortdesk/domain';
import type { AuthService } from './auth/auth-service.ts';
import type { AppEnv } from './context.ts';
import type { Metrics } from './metrics.ts';
import { authenticate } from './middleware/authenticate.ts';
import { bodyGuard } from './middleware/body-guard.ts';
import { RateLimiter, throttle } from './middleware/rate-limit.ts';
import { widgetCors } from './middleware/widget-cors.ts';
import { problem, renderError, zodProblem } from './problems.ts';
import { ATTACHMENTS_PREFIX } from './routes/attachments/get-attachment.ts';
import { endpoints } from './routes/index.ts';
import { WIDGET_PREFIX } from './routes/widget/support.ts';
import type { PrivacyCentreLinks } from './routes/support.ts';
import { isAgentUpload } from './routes/conversations/upload-attachment.ts';
import { isUpload } from './routes/widget/upload-attachment.ts';

const DOCS_ASSETS = '/api/docs/assets';
const DOCS_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};
const docsCache = new Map<string, Buffer>();

function docsAsset(file: string): { body: Uint8Array<ArrayBuffer>; type: string } | undefined {
  const type = DOCS_FILES[file];
  if (!type) return undefined;
  let body = docsCache.get(file);
  if (!body) {
    const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    body = readFileSync(path.join(dist, file));
    docsCache.set(file, body);
  }
  return { body: new Uint8Array(body), type };
}

export interface HttpAppDeps {
  useCases: UseCaseDeps;
  auth: AuthService;
  passwords: PasswordHasher;
  metrics: Metrics;
  /** Whether the database answers: /readyz. */
  isReady: () => Promise<boolean>;
  logError: (error: unknown, context: { requestId: string; path: string }) => void;
  bodyLimitBytes: number;
  secureCookies: boolean;
  loginAttemptsPerMinute: number;
  version: string;
  /** The installation's public URL; a function, because a test server learns its port late. */
  publicUrl: () => string;
  /** Web chat: verifies visitors' identity tokens (JWT). */
  identities: IdentityVerifier;
  /** Ephemeral signals (typing) to every process. */
  signals: EphemeralPublisher;
  /** Uploaded files. */
  blobs: BlobStore;
  attachmentLimitBytes: number;
  /** The knowledge engine over each account's public articles (the widget's suggestions). */
  articles: ArticleSearch;
  /** Automatic answers' and agents' suggestions' engine (answer / suggest / abstain with probabilities). */
  answering: KnowledgeAnswering;
  /** Requests per minute and widget visitor (or address, before a visitor has a session) on the public widget API. */
  publicRequestsPerMinute: number;
  /** Where the help centre shows an article: the widget's suggestions link there. */
  helpArticleUrl: (accountId: string, language: Language, articleId: string) => string;
  /** Seals secrets at rest (an e-mail inbox's IMAP password and threading key). */
  secrets: SecretCipher;
  /** Signs the Message-ID and reply address of replies that leave as mail (channels/email/threading.ts). */
  mailThreads?: MailThreadSigner;
  /** Knowledge gaps: the engine's assessment and its question clustering. */
  knowledgeGaps: KnowledgeGapServices;
  /** The customers' privacy centre (the widget's link for verified visitors); undefined: off. */
  privacyCentre?: PrivacyCentreLinks;
}

export type HttpApp = OpenAPIHono<AppEnv>;

export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const app = new OpenAPIHono<AppEnv>({
    // Validation failures of any route become one problem document naming every failing field.
    defaultHook: (result, c) => {
      if (!result.success) return zodProblem(c, result.error, result.target);
    },
  });

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    // On the response's own headers, as secureHeaders does: c.header() after the handler would rebuild
    // the response (a full web Response with a body stream) on every request.
    c.res.headers.set('x-request-id', requestId);
    deps.metrics.httpDuration.observe(
      { method: c.req.method, route: c.req.routePath, status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  });
  // Uploaded files show in the widget on the customer's site, which loads widget.js itself: that needs
  // a cross-origin resource policy. Registered before secureHeaders, so it has the last word on the way out.
  const crossOrigin: MiddlewareHandler = async (c, next) => {
    await next();
    c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
  };
  app.use(`${ATTACHMENTS_PREFIX}*`, crossOrigin);
  app.use('/widget.js', crossOrigin);
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  app.use(
    `${WIDGET_PREFIX}*`,
    widgetCors(
      async (inboxId) =>
        (await deps.useCases.uow.repos.inboxes.findWebchat(inboxId))?.webchat?.allowedOrigins,
      WIDGET_PREFIX,
    ),
  );
  // After CORS, so a throttled widget still reads the 429 and its Retry-After.
  app.use(
    `${WIDGET_PREFIX}*`,
    throttle(deps.publicRequestsPerMinute, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  );
  app.use('/api/*', ...bodyGuard(deps.bodyLimitBytes, (c) => isUpload(c) || isAgentUpload(c)));
  // The widget's visitors are no agents: their routes authenticate them with their visitor token.
  const authenticateAgents = authenticate(deps.auth);
  app.use('/api/v1/*', (c: Context<AppEnv, string>, next) =>
    c.req.path.startsWith(WIDGET_PREFIX) ? next() : authenticateAgents(c, next),
  );

  app.onError((error, c) =>
    renderError(c, error, (e) => deps.logError(e, { requestId: c.get('requestId'), path: c.req.path })),
  );
  app.notFound((c) =>
    problem(c, { status: 404, title: 'No such endpoint', detail: `${c.req.method} ${c.req.path}` }),
  );

  const webchat: WebchatDeps = {
    ...deps.useCases,
    identities: deps.identities,
    signals: deps.signals,
    blobs: deps.blobs,
    attachmentUrl: (key) => `${deps.publicUrl()}${ATTACHMENTS_PREFIX}${key}`,
    attachmentLimitBytes: deps.attachmentLimitBytes,
  };
  const routeDeps = {
    ...deps,
    webchat,
    loginLimiter: new RateLimiter(deps.loginAttemptsPerMinute, 60_000),
  };
  for (const endpoint of endpoints) endpoint.register(app, routeDeps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (POST /api/v1/tokens, or `sofortdesk create-token`)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sofortdesk_session',
    description: 'Set by POST /api/v1/auth/login; changes also need the X-CSRF-Token header',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'visitor', {
    type: 'http',
    scheme: 'bearer',
    description: "A widget visitor's token (POST /api/v1/widget/{webchatInboxId}/sessions)",
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Sofortdesk API',
      version: deps.version,
      description:
        'One inbox for every channel. Errors are application/problem+json (RFC 9457). Realtime: WebSocket ' +
        "/api/v1/realtime?after=<cursor> sends one RealtimeEvent per frame. The widget's visitors: " +
        'WebSocket /api/v1/widget/realtime?token=<visitor token>&after=<cursor> sends the events of ' +
        'their own conversations (messages of kind text, status changes, typing).',
    },
  });
  // Swagger UI's assets come from the installed package: a self-hosted install may have no internet.
  app.get('/api/docs', swaggerUI({ url: '/api/openapi.json', baseUrl: DOCS_ASSETS }));
  app.get(`${DOCS_ASSETS}/swagger-ui-dist/:file`, (c) => {
    const asset = docsAsset(c.req.param('file'));
    if (!asset) return problem(c, { status: 404, title: 'No such asset' });
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) =>
    (await deps.isReady())
      ? c.json({ status: 'ready' })
      : problem(c, { status: 503, title: 'The database does not answer' }),
  );
  app.get('/metrics', async (c) =>
    c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }),
  );
  return app;
}
