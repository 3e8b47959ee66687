/**
 * @module @sofortdesk/config
 * The one place where Sofortdesk reads its environment. Everything is validated at start;
 * a bad value stops the process with a message that names the variable and what is wrong.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'expected one of 1/0, true/false, yes/no, on/off',
  })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const ROLES = ['web', 'realtime', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const rolesList = z.string().transform((value, ctx) => {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: 'custom', message: `unknown role "${role}"; known roles: ${ROLES.join(', ')}` });
      return z.NEVER;
    }
  }
  if (roles.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'name at least one role' });
    return z.NEVER;
  }
  return [...new Set(roles)] as Role[];
});

/**
 * The installation's secret key (32 bytes: 64 hex digits or base64), or undefined when the text is
 * neither. Shared with the server, which reads the generated DATA_DIR/secret.key the same way.
 */
export function parseSecretKey(text: string): Uint8Array | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return new Uint8Array(Buffer.from(value, 'hex'));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return new Uint8Array(bytes);
  }
  return undefined;
}

/** smtp:// or smtps:// with a host, optionally user:password and port; nothing after the port. */
const smtpRelayUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'smtp:' || url.protocol === 'smtps:') &&
        url.hostname !== '' &&
        (url.pathname === '' || url.pathname === '/') &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  },
  { message: 'expected smtp://[user:password@]host[:port] or smtps://...' },
);

/** http(s) with a host and no user:password (the key goes in SOFORTDESK_EMBEDDINGS_API_KEY, never a URL). */
const embeddingsUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.hostname !== '' &&
        url.username === '' &&
        url.password === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  },
  {
    message:
      'expected http(s)://host[:port][/v1/embeddings], without user:password (use SOFORTDESK_EMBEDDINGS_API_KEY)',
  },
);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\//.test(url) || url.startsWith('sqlite:'), {
      message: 'expected a postgres:// URL, or sqlite:<file> (leave it unset for SQLite in DATA_DIR)',
    })
    .optional(),
  SOFORTDESK_PUBLIC_URL: z.url().optional(),
  SOFORTDESK_ADMIN_EMAIL: z.email().optional(),
  SOFORTDESK_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SOFORTDESK_ADMIN_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_\-.]{24,200}$/, 'must be 24 to 200 characters of A-Z a-z 0-9 _ - .')
    .optional(),
  SOFORTDESK_DEMO: booleanFlag.optional(),
  SOFORTDESK_ROLES: rolesList.default(['web', 'realtime', 'worker']),
  SOFORTDESK_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  SOFORTDESK_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('FULL'),
  SOFORTDESK_BUS: z.enum(['auto', 'local', 'postgres']).default('auto'),
  SOFORTDESK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  SOFORTDESK_SECURE_COOKIES: booleanFlag.optional(),
  SOFORTDESK_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  SOFORTDESK_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  SOFORTDESK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  SOFORTDESK_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SOFORTDESK_WEBHOOK_PRIVATE_NETWORKS: booleanFlag.default(false),
  SOFORTDESK_SECRET_KEY: z
    .string()
    .refine((value) => parseSecretKey(value) !== undefined, {
      message: 'expected 32 bytes as 64 hex digits or base64 (e.g. openssl rand -base64 32)',
    })
    .optional(),
  SOFORTDESK_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SOFORTDESK_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SOFORTDESK_SMTP_RELAY: smtpRelayUrl.optional(),
  SOFORTDESK_DKIM_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'expected a domain name')
    .optional(),
  SOFORTDESK_DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9._-]{0,62})$/i, 'expected a DNS label such as "mail2026"')
    .optional(),
  SOFORTDESK_DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  SOFORTDESK_IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SOFORTDESK_EMBEDDINGS_URL: embeddingsUrl.optional(),
  SOFORTDESK_EMBEDDINGS_MODEL: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'expected a model name (1 to 200 visible characters, no spaces)')
    .optional(),
  // Sent as a header: no whitespace or control characters, which could end the header early.
  SOFORTDESK_EMBEDDINGS_API_KEY: z
    .string()
    .regex(/^[\x21-\x7e]{1,1000}$/, 'expected 1 to 1000 visible characters, no spaces')
    .optional(),
});

export type DatabaseConfig =
  { kind: 'sqlite'; file: string; synchronous: 'NORMAL' | 'FULL' } | { kind: 'postgres'; url: string };

export interface Config {
  http: { port: number; host: string; publicUrl: string; bodyLimitBytes: number; secureCookies: boolean };
  dataDir: string;
  database: DatabaseConfig;
  bus: 'local' | 'postgres';
  roles: Role[];
  logLevel: z.infer<typeof envSchema>['SOFORTDESK_LOG_LEVEL'];
  bootstrap: {
    adminEmail?: string;
    adminPassword?: string;
    adminToken?: string;
    /** undefined: seed the demo company when the database has no account yet. */
    demo?: boolean;
  };
  /** Per minute: login attempts per address and e-mail; public widget requests per visitor or address. */
  auth: { loginAttemptsPerMinute: number; publicRequestsPerMinute: number };
  worker: {
    concurrency: number;
    /**
     * How long a claimed job is a worker's: after a crash its jobs are taken up again once this ran out.
     * Longer than any job runs (a slow SMTP relay, a webhook's timeout), or a job may run twice.
     */
    leaseSeconds: number;
  };
  /** Whether webhooks may reach loopback and private networks (off: only public internet addresses). */
  webhooks: { allowPrivateNetworks: boolean };
  /**
   * Encrypts secrets at rest (AES-256-GCM). undefined: the server uses DATA_DIR/secret.key, made on
   * first start.
   */
  secretKey: Uint8Array | undefined;
  email: {
    /** The inbound SMTP listener; undefined: off. */
    smtp: { port: number; host: string } | undefined;
    /** Outbound mail goes here (smtp:// or smtps:// URL); undefined: not configured. */
    relay: string | undefined;
    /** DKIM signing of outbound mail (the private key read from its file, PEM); undefined: unsigned. */
    dkim: { domainName: string; keySelector: string; privateKey: string } | undefined;
    /**
     * IMAP: how often the worker looks for new or changed IMAP inboxes, and polls each mailbox besides
     * waiting in IDLE.
     */
    imapPollSeconds: number;
  };
  /**
   * An OpenAI-compatible embeddings endpoint that adds a signal to the knowledge engine's ranking;
   * undefined: off (the engine works, measured, without it). The key never reaches a log.
   */
  embeddings: { url: string; model: string; apiKey: string | undefined } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration. Throws ConfigError listing every problem at once. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, string | undefined> = {},
): Config {
  env = {
    ...env,
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
  };
  // Empty strings count as unset, the way shells and .env files usually mean them.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if ((e.SOFORTDESK_ADMIN_EMAIL === undefined) !== (e.SOFORTDESK_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(['SOFORTDESK_ADMIN_EMAIL and SOFORTDESK_ADMIN_PASSWORD: set both or neither']);
  }
  const dkim = dkimSettings(e);
  const embeddings = embeddingsSettings(e);
  const dataDir = path.resolve(e.DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL?.startsWith('postgres')
    ? { kind: 'postgres', url: e.DATABASE_URL }
    : {
        kind: 'sqlite',
        file: e.DATABASE_URL
          ? path.resolve(e.DATABASE_URL.slice('sqlite:'.length))
          : path.join(dataDir, 'sofortdesk.sqlite'),
        synchronous: e.SOFORTDESK_SQLITE_SYNCHRONOUS,
      };
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicUrl = (e.SOFORTDESK_PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/$/, '');
  return {
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl,
      bodyLimitBytes: e.SOFORTDESK_BODY_LIMIT_BYTES,
      secureCookies: e.SOFORTDESK_SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    },
    dataDir,
    database,
    bus:
      e.SOFORTDESK_BUS === 'auto' ? (database.kind === 'postgres' ? 'postgres' : 'local') : e.SOFORTDESK_BUS,
    roles: e.SOFORTDESK_ROLES,
    logLevel: e.SOFORTDESK_LOG_LEVEL,
    bootstrap: {
      adminEmail: e.SOFORTDESK_ADMIN_EMAIL,
      adminPassword: e.SOFORTDESK_ADMIN_PASSWORD,
      adminToken: e.SOFORTDESK_ADMIN_TOKEN,
      demo: e.SOFORTDESK_DEMO,
    },
    auth: {
      loginAttemptsPerMinute: e.SOFORTDESK_LOGIN_RATE_LIMIT,
      publicRequestsPerMinute: e.SOFORTDESK_PUBLIC_RATE_LIMIT,
    },
    worker: { concurrency: e.SOFORTDESK_WORKER_CONCURRENCY, leaseSeconds: e.SOFORTDESK_JOB_LEASE_SECONDS },
    webhooks: { allowPrivateNetworks: e.SOFORTDESK_WEBHOOK_PRIVATE_NETWORKS },
    secretKey: e.SOFORTDESK_SECRET_KEY === undefined ? undefined : parseSecretKey(e.SOFORTDESK_SECRET_KEY),
    email: {
      smtp:
        e.SOFORTDESK_SMTP_PORT === undefined
          ? undefined
          : { port: e.SOFORTDESK_SMTP_PORT, host: e.SOFORTDESK_SMTP_HOST },
      relay: e.SOFORTDESK_SMTP_RELAY,
      dkim,
      imapPollSeconds: e.SOFORTDESK_IMAP_POLL_SECONDS,
    },
    embeddings,
  };
}

/** The embeddings endpoint: a URL and a model, or nothing; a key or model without a URL is a mistake. */
function embeddingsSettings(e: z.infer<typeof envSchema>): Config['embeddings'] {
  if (e.SOFORTDESK_EMBEDDINGS_URL === undefined) {
    if (e.SOFORTDESK_EMBEDDINGS_MODEL !== undefined || e.SOFORTDESK_EMBEDDINGS_API_KEY !== undefined)
      throw new ConfigError([
        'SOFORTDESK_EMBEDDINGS_MODEL and SOFORTDESK_EMBEDDINGS_API_KEY need SOFORTDESK_EMBEDDINGS_URL',
      ]);
    return undefined;
  }
  if (e.SOFORTDESK_EMBEDDINGS_MODEL === undefined)
    throw new ConfigError(['SOFORTDESK_EMBEDDINGS_MODEL: name the model the endpoint should use']);
  return {
    url: e.SOFORTDESK_EMBEDDINGS_URL,
    model: e.SOFORTDESK_EMBEDDINGS_MODEL,
    apiKey: e.SOFORTDESK_EMBEDDINGS_API_KEY,
  };
}

/**
 * DKIM: all three variables or none, and a key file that holds a private key; a mistake stops the
 * start instead of sending unsigned (or unsendable) mail later.
 */
function dkimSettings(e: z.infer<typeof envSchema>): Config['email']['dkim'] {
  const given = [e.SOFORTDESK_DKIM_DOMAIN, e.SOFORTDESK_DKIM_SELECTOR, e.SOFORTDESK_DKIM_PRIVATE_KEY];
  if (given.every((value) => value === undefined)) return undefined;
  if (given.some((value) => value === undefined)) {
    throw new ConfigError([
      'SOFORTDESK_DKIM_DOMAIN, SOFORTDESK_DKIM_SELECTOR and SOFORTDESK_DKIM_PRIVATE_KEY: set all three or none',
    ]);
  }
  const file = path.resolve(e.SOFORTDESK_DKIM_PRIVATE_KEY!);
  let privateKey: string;
  try {
    privateKey = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `SOFORTDESK_DKIM_PRIVATE_KEY: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  try {
    createPrivateKey(privateKey);
  } catch {
    throw new ConfigError([`SOFORTDESK_DKIM_PRIVATE_KEY: ${file} holds no private key in PEM form`]);
  }
  return {
    domainName: e.SOFORTDESK_DKIM_DOMAIN!.toLowerCase(),
    keySelector: e.SOFORTDESK_DKIM_SELECTOR!,
    privateKey,
  };
}
