/**
 * The composition root: reads nothing itself, builds every adapter from the config, and starts the
 * roles asked for. web: the REST API; realtime: the WebSocket gateway; worker: the job runner. All
 * three run in one process by default; each can run alone (`sofortdesk start --roles worker`).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { parse as parseCookie } from 'hono/utils/cookie';
import type { Config } from '@sofortdesk/config';
import { createBus, JobWorker, type EventBus } from '@sofortdesk/bus';
import {
  joseIdentityVerifier,
  mailThreadSigner,
  MailSender,
  PrivacyLinkMailer,
  SecretBox,
} from '@sofortdesk/channels';
import { connect, FileBlobStore, JobStore, KyselyUnitOfWork, migrate, type Connection } from '@sofortdesk/db';
import {
  authenticateVisitor,
  recordAgentHeartbeat,
  soleAccountId,
  systemClock,
  type Actor,
  type Clock,
  type Language,
  type PrivacyCentreDeps,
  type UseCaseDeps,
} from '@sofortdesk/domain';
import {
  argon2Hasher,
  AuthService,
  createHttpApp,
  createMetrics,
  presentEphemeral,
  presentEvent,
  presentVisitorEphemeral,
  presentVisitorEvent,
  SESSION_COOKIE,
  throttle,
  type HttpApp,
  type Metrics,
} from '@sofortdesk/http';
import { RealtimeGateway, REALTIME_PATH, VisitorGateway, WIDGET_REALTIME_PATH } from '@sofortdesk/realtime';
import { helpCentre, privacyCentre } from '@sofortdesk/help-centre';
import { serveAgentApp } from './agent-app.ts';
import { PublicArticleSearch } from './knowledge-search.ts';
import { embeddingSignalsFor } from './embeddings/embedding-signals.ts';
import { EngineKnowledgeAnswering, knowledgeSignals } from './knowledge-answering.ts';
import { EngineQuestionClustering } from './question-clustering.ts';
import { serveWidgetScript, WIDGET_PATH } from './widget-script.ts';
import { bootstrap, type BootstrapResult } from './bootstrap.ts';
import { jobHandlers } from './jobs.ts';
import { startRetentionTimer } from './retention-timer.ts';
import { AccountTriageEngine } from './triage-engine.ts';
import { loadSecretKey, MAIL_ATTACHMENT_LIMIT_BYTES, startSmtpListener } from './email.ts';
import { ImapFetchers } from './imap.ts';
import { createLogger, type Logger } from './logger.ts';

/** The public help centre's pages. */
export const HELP_PATH = '/help';
/** The customers' privacy centre (consents, their data, erasure). */
export const PRIVACY_PATH = '/privacy';
const PRIVACY_LINKS_PER_MINUTE = 20;
const HELP_VOTES_PER_MINUTE = 30;
/** Requests in flight at once from which the in-process worker counts the web role as under a burst. */
const BUSY_REQUESTS = 8;

export const VERSION = '0.1.0';
/** The largest file a widget visitor may upload. */
const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  app: HttpApp;
  connection: Connection;
  useCases: UseCaseDeps;
  auth: AuthService;
  bus: EventBus;
  metrics: Metrics;
  logger: Logger;
  bootstrapped: BootstrapResult;
  /** The inbound SMTP listener's port; undefined when it is off. */
  smtpPort: number | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** PostgreSQL schema to work in (tests). */
  schema?: string;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const connection = await connect(config.database, { schema: options.schema });
  const applied = await migrate(connection);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const uow = new KyselyUnitOfWork(connection, clock);
  const bus = createBus(config, {
    schema: options.schema,
    onError: (error) => logger.warn({ err: error }, 'bus connection'),
  });
  uow.setHooks(bus.outboxHooks);
  await bus.start();

  const useCases: UseCaseDeps = { uow, clock };
  // Before anything reads a sealed secret: a malformed key stops the start here.
  const secretKey = loadSecretKey(config, logger);
  const secrets = new SecretBox(secretKey);
  // The privacy centre's keys, derived: a login link or a form field says nothing about the secret key.
  const privacyKey = (purpose: string) =>
    new Uint8Array(createHmac('sha256', secretKey).update(purpose).digest());
  const auth = new AuthService(uow, clock, argon2Hasher);
  const metrics = createMetrics();
  const bootstrapped = await bootstrap(config, { ...useCases, passwords: argon2Hasher, auth });

  const roles = new Set(config.roles);
  // Known for sure only once listening (port 0 in tests picks a free one).
  let publicUrl = config.http.publicUrl;
  const articleSearch = new PublicArticleSearch(uow.repos, {
    embeddings: embeddingSignalsFor(config, logger),
  });
  // Automatic answers and agents' suggestions, on the same per-account indexes.
  const answering = new EngineKnowledgeAnswering(articleSearch, uow.repos);
  const helpArticleUrl = (accountId: string, language: Language, articleId: string) =>
    `${publicUrl}${HELP_PATH}/${accountId}/${language}/articles/${articleId}`;
  const privacyCentreDeps: PrivacyCentreDeps = {
    ...useCases,
    blobs: new FileBlobStore(join(config.dataDir, 'attachments')),
    linkKey: privacyKey('sofortdesk privacy-centre login link'),
  };
  const privacyLoginUrl = (accountId: string, token: string, language: Language) =>
    `${publicUrl}${PRIVACY_PATH}/${accountId}/login?token=${encodeURIComponent(token)}&lang=${language}`;
  const app = createHttpApp({
    useCases,
    auth,
    passwords: argon2Hasher,
    metrics,
    isReady: () => connection.ping(),
    logError: (error, context) => logger.error({ err: error, ...context }, 'request failed'),
    bodyLimitBytes: config.http.bodyLimitBytes,
    secureCookies: config.http.secureCookies,
    loginAttemptsPerMinute: config.auth.loginAttemptsPerMinute,
    publicRequestsPerMinute: config.auth.publicRequestsPerMinute,
    version: VERSION,
    publicUrl: () => publicUrl,
    identities: joseIdentityVerifier,
    signals: bus,
    blobs: new FileBlobStore(join(config.dataDir, 'attachments')),
    attachmentLimitBytes: ATTACHMENT_LIMIT_BYTES,
    secrets,
    mailThreads: mailThreadSigner,
    articles: articleSearch,
    answering,
    helpArticleUrl,
    knowledgeGaps: {
      answering,
      clustering: new EngineQuestionClustering(() => articleSearch.textAnalyzer()),
    },
    privacyCentre: { deps: privacyCentreDeps, loginUrl: privacyLoginUrl },
  });
  // The chat widget (apps/widget/dist) at /widget.js, the agent workspace (apps/agent/dist) at `/`,
  // after every API route.
  if (roles.has('web')) app.use(WIDGET_PATH, serveWidgetScript());
  if (roles.has('web')) {
    // "Did this help?" takes no login: a few votes a minute per address is all a reader gives.
    app.use(`${HELP_PATH}/*`, throttle(HELP_VOTES_PER_MINUTE, ['POST']));
    app.route(
      HELP_PATH,
      helpCentre(
        {
          useCases,
          articles: articleSearch,
          soleAccountId: () => soleAccountId(useCases),
          privacyPath: PRIVACY_PATH,
        },
        HELP_PATH,
      ),
    );
    // Asking for a login link sends mail: a few a minute per address (and per e-mail, in the use case).
    app.use(`${PRIVACY_PATH}/:accountId/login-link`, throttle(PRIVACY_LINKS_PER_MINUTE, ['POST']));
    app.route(
      PRIVACY_PATH,
      privacyCentre(
        {
          useCases: privacyCentreDeps,
          csrfKey: privacyKey('sofortdesk privacy-centre csrf'),
          secureCookies: config.http.secureCookies,
          soleAccountId: () => soleAccountId(useCases),
          helpPath: HELP_PATH,
        },
        PRIVACY_PATH,
      ),
    );
  }
  if (roles.has('web')) app.use('*', serveAgentApp());

  let gateway: RealtimeGateway | undefined;
  let visitorGateway: VisitorGateway | undefined;
  if (roles.has('realtime')) {
    gateway = new RealtimeGateway({
      bus,
      repos: uow.repos,
      authenticate: (request) => authenticateUpgrade(auth, request),
      present: presentEvent,
      presentEphemeral,
      onConnectionsChanged: (count) => metrics.realtimeConnections.set(count),
      onFramesSent: (count) => metrics.realtimeFrames.inc(count),
      onError: (error) => logger.error({ err: error }, 'realtime'),
      onAgentSeen: (actor) => {
        recordAgentHeartbeat(useCases, actor).catch((error: unknown) =>
          logger.warn({ err: error }, 'agent heartbeat'),
        );
      },
    });
    visitorGateway = new VisitorGateway({
      bus,
      repos: uow.repos,
      authenticate: (token) => authenticateVisitor(useCases, undefined, token).catch(() => undefined),
      present: presentVisitorEvent,
      presentEphemeral: presentVisitorEphemeral,
      onConnectionsChanged: (count) => metrics.widgetConnections.set(count),
      onError: (error) => logger.error({ err: error }, 'widget realtime'),
    });
  }

  let worker: JobWorker | undefined;
  /** HTTP requests this process is answering now; the worker yields to a burst (WorkerOptions.busy). */
  const requestsInFlight = { count: 0 };
  let retentionTimer: { stop(): void } | undefined;
  const mailSender = new MailSender(useCases, { relay: config.email.relay, dkim: config.email.dkim });
  const privacyLinkMailer = new PrivacyLinkMailer(privacyCentreDeps, {
    relay: config.email.relay,
    dkim: config.email.dkim,
    loginUrl: privacyLoginUrl,
    fallbackFrom: () => `no-reply@${mailDomain(publicUrl)}`,
  });
  if (roles.has('worker')) {
    worker = new JobWorker(
      new JobStore(connection),
      bus,
      jobHandlers(
        useCases,
        config,
        {
          answering,
          signals: knowledgeSignals,
          helpArticleUrl,
          // Automatic answers on an e-mail conversation leave as mail with a fixed Message-ID.
          secrets,
          mailThreads: mailThreadSigner,
        },
        mailSender,
        {
          blobs: new FileBlobStore(join(config.dataDir, 'attachments')),
          // The indexes learned the contact's questions; other processes rebuild within their freshness window.
          invalidateCaches: (accountId) => answering.invalidate(accountId),
          log: (message, fields) => logger.info(fields, message),
          loginLinks: privacyLinkMailer,
        },
        {
          triage: new AccountTriageEngine(uow.repos, () => articleSearch.textAnalyzer()),
          onRuleProblem: (problem) => logger.warn(problem, 'routing rule skipped'),
        },
      ),
      {
        concurrency: config.worker.concurrency,
        leaseMs: config.worker.leaseSeconds * 1000,
        onError: (error, job) =>
          logger.warn(
            { err: error, job: job && { id: job.id, type: job.type, attempts: job.attempts } },
            'job failed',
          ),
        onOutcome: (type, outcome) => metrics.jobs.inc({ type, outcome }),
        // The use cases' clock decides when scheduled jobs (SLA checks, snoozes) are due, too.
        now: () => clock.now(),
        // In one process with the web role, a burst of requests comes first and background work
        // (triage of each message) drains after it; a few requests at a time (agents at work) do
        // not slow the worker down.
        ...(roles.has('web') && { busy: () => requestsInFlight.count >= BUSY_REQUESTS }),
      },
    );
    worker.start();
    retentionTimer = startRetentionTimer(useCases, logger);
  }

  // A worker-only process still answers /healthz, /readyz and /metrics, for orchestrators.
  let server: Server | undefined;
  if (roles.has('web') || roles.has('realtime') || roles.has('worker')) {
    const listener = getRequestListener(app.fetch);
    const webEnabled = roles.has('web');
    server = createServer((req, res) => {
      requestsInFlight.count++;
      res.once('close', () => requestsInFlight.count--);
      const path = req.url?.split('?')[0] ?? '/';
      if (!webEnabled && !['/healthz', '/readyz', '/metrics'].includes(path)) {
        res
          .writeHead(404, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ title: 'This process does not serve the web role', status: 404 }));
        return;
      }
      void listener(req, res);
    });
    server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
      const path = request.url?.split('?')[0];
      if (gateway && path === REALTIME_PATH) {
        void gateway.handleUpgrade(request, socket, head);
      } else if (visitorGateway && path === WIDGET_REALTIME_PATH) {
        void visitorGateway.handleUpgrade(request, socket, head);
      } else {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      }
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.http.port, config.http.host, () => resolve());
    });
  }
  const port = server ? (server.address() as AddressInfo).port : 0;
  const url = config.http.port === 0 ? `http://127.0.0.1:${port}` : config.http.publicUrl;
  publicUrl = url;
  const mailDeps = {
    ...useCases,
    secrets,
    blobs: new FileBlobStore(join(config.dataDir, 'attachments')),
    attachmentUrl: (key: string) => `${publicUrl}/api/v1/attachments/${key}`,
    attachmentLimitBytes: MAIL_ATTACHMENT_LIMIT_BYTES,
  };
  // Mail is taken by processes that serve the web or run jobs; a realtime-only one leaves it to them.
  const smtp =
    config.email.smtp && (roles.has('web') || roles.has('worker'))
      ? await startSmtpListener(config.email.smtp, mailDeps, logger)
      : undefined;
  // IMAP mailboxes are fetched by the worker role: with several workers, each fetches every mailbox
  // and the Message-ID keeps every mail stored once.
  const imap = roles.has('worker')
    ? new ImapFetchers(mailDeps, logger, config.email.imapPollSeconds * 1000)
    : undefined;
  imap?.start();
  logger.info({ url, roles: [...roles], database: connection.dialect, bus: bus.kind }, 'Sofortdesk started');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    connection,
    useCases,
    auth,
    bus,
    metrics,
    logger,
    bootstrapped,
    smtpPort: smtp?.port,
    close: () =>
      (closing ??= (async () => {
        // No new mail first: a relay retries what got no 250.
        await smtp?.close();
        await imap?.stop();
        await gateway?.close();
        await visitorGateway?.close();
        if (server) {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
        retentionTimer?.stop();
        await worker?.stop();
        mailSender.close();
        privacyLinkMailer.close();
        await bus.close();
        await connection.close();
      })()),
  };
}

/** The WebSocket upgrade carries the same credentials as any request: Bearer token or session cookie. */
async function authenticateUpgrade(auth: AuthService, request: IncomingMessage): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? auth.fromApiToken(match[1]!) : undefined;
  }
  // Browsers send cookies on cross-site WebSocket upgrades too (no CORS there): a cookie session is
  // only good from a page of this very host, or else any website could read an agent's stream.
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.headers.host)) return undefined;
  const cookie = request.headers.cookie;
  const sessionToken = cookie ? parseCookie(cookie, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  return sessionToken ? (await auth.fromSession(sessionToken))?.actor : undefined;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The domain a mail without an e-mail inbox is sent from: the public URL's host, "localhost" for an IP. */
function mailDomain(publicUrl: string): string {
  try {
    const host = new URL(publicUrl).hostname;
    return /^[\d.]+$|:/.test(host) || host === '' ? 'localhost' : host;
  } catch {
    return 'localhost';
  }
}
