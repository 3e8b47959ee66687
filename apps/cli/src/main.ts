/**
 * The `sofortdesk` command: start, migrate, seed, create-admin, create-token, eval. Every command reads
 * the same validated configuration (environment variables, see README) and fails with a clear
 * message, never a stack trace, on bad input.
 */
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '@sofortdesk/config';
import { connect, KyselyUnitOfWork, migrate } from '@sofortdesk/db';
import { systemClock } from '@sofortdesk/domain';
import { argon2Hasher, AuthService } from '@sofortdesk/http';
import {
  DataError,
  evaluateFaq,
  parseFaqItems,
  parseFaqQueries,
  TextAnalyzer,
  type FaqEmbeddings,
  type FaqItem,
  type FaqQuery,
} from '@sofortdesk/knowledge';
import {
  createAdmin,
  DEMO_LOGINS,
  embeddingTextOf,
  EmbeddingsUnavailableError,
  OpenAiEmbeddings,
  seedDemo,
  startServer,
  VERSION,
} from '@sofortdesk/server';
import {
  evaluateIntents,
  evaluateSentiment,
  parseIntentExamples,
  parseSentimentExamples,
} from '@sofortdesk/triage';

class UsageError extends Error {}

/** The environment's configuration, with command-line options taking precedence. */
const config = (overrides: Record<string, string | undefined> = {}): Config =>
  loadConfig(undefined, overrides);

async function withDatabase<T>(cfg: Config, fn: (deps: { uow: KyselyUnitOfWork }) => Promise<T>): Promise<T> {
  const connection = await connect(cfg.database);
  try {
    await migrate(connection);
    return await fn({ uow: new KyselyUnitOfWork(connection, systemClock) });
  } finally {
    await connection.close();
  }
}

const program = new Command()
  .name('sofortdesk')
  .description(
    'Sofortdesk: one inbox for every customer channel. Configure with environment variables (see README).',
  )
  .version(VERSION)
  .showHelpAfterError();

program
  .command('start')
  .description(
    'Start Sofortdesk: migrates the database, seeds the demo company on an empty one, serves the API.',
  )
  .option('--roles <roles>', 'comma-separated roles to run: web, realtime, worker (default: all)')
  .option('--port <port>', 'port to listen on (default: PORT or 3000)')
  .action(async (options: { roles?: string; port?: string }) => {
    const cfg = config({ SOFORTDESK_ROLES: options.roles, PORT: options.port });
    const server = await startServer(cfg);
    const lines = [
      `\n  Sofortdesk is running at ${server.url}`,
      `  API docs: ${server.url}/api/docs`,
      `  Help centre: ${server.url}/help`,
    ];
    if (server.bootstrapped.seededDemo) {
      lines.push('  Demo logins (POST /api/v1/auth/login):');
      for (const login of DEMO_LOGINS)
        lines.push(`    ${login.role.padEnd(7)} ${login.email}  ${login.password}`);
    }
    if (server.bootstrapped.createdAdmin) lines.push(`  Admin: ${server.bootstrapped.createdAdmin.email}`);
    process.stdout.write(`${lines.join('\n')}\n\n`);
    const stop = (signal: string) => {
      server.logger.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          server.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('Bring the database schema up to date, then exit.')
  .action(async () => {
    const cfg = config();
    const connection = await connect(cfg.database);
    try {
      const applied = await migrate(connection);
      process.stdout.write(
        applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n',
      );
    } finally {
      await connection.close();
    }
  });

program
  .command('seed')
  .description('Add the demo company (German and English inboxes, agents, sample conversations).')
  .action(async () => {
    await withDatabase(config(), async ({ uow }) => {
      if (await uow.repos.users.findForLogin(DEMO_LOGINS[0]!.email))
        throw new UsageError('The demo company exists already.');
      await seedDemo({ uow, clock: systemClock, passwords: argon2Hasher });
      process.stdout.write('Demo company created. Logins:\n');
      for (const login of DEMO_LOGINS)
        process.stdout.write(`  ${login.role.padEnd(7)} ${login.email}  ${login.password}\n`);
    });
  });

const password = (value: string) => {
  if (value.length < 12) throw new InvalidArgumentError('at least 12 characters');
  return value;
};

program
  .command('create-admin')
  .description(
    'Create an administrator (in a new account unless --account-of names a user whose account to join).',
  )
  .requiredOption('--email <email>', 'login e-mail')
  .requiredOption('--password <password>', 'at least 12 characters', password)
  .option('--name <name>', 'display name', 'Administrator')
  .option('--account-name <name>', 'name of the new account', 'Sofortdesk')
  .option('--account-of <email>', 'join the account of this existing user instead')
  .action(
    async (options: {
      email: string;
      password: string;
      name: string;
      accountName: string;
      accountOf?: string;
    }) => {
      await withDatabase(config(), async ({ uow }) => {
        let accountId: string | undefined;
        if (options.accountOf) {
          const owner = await uow.repos.users.findForLogin(options.accountOf.toLowerCase());
          if (!owner) throw new UsageError(`No user with the e-mail ${options.accountOf}.`);
          accountId = owner.accountId;
        }
        const admin = await createAdmin(
          { uow, clock: systemClock, passwords: argon2Hasher },
          {
            email: options.email,
            password: options.password,
            name: options.name,
            accountName: options.accountName,
            accountId,
          },
        );
        process.stdout.write(`Admin ${admin.email} created (account ${admin.accountId}).\n`);
      });
    },
  );

program
  .command('create-token')
  .description('Create an API token acting as an existing user; prints it once.')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'cli')
  .action(async (options: { email: string; name: string }) => {
    await withDatabase(config(), async ({ uow }) => {
      const user = await uow.repos.users.findForLogin(options.email.toLowerCase());
      if (!user) throw new UsageError(`No user with the e-mail ${options.email}.`);
      const auth = new AuthService(uow, systemClock, argon2Hasher);
      const inboxIds = await uow.repos.inboxes.memberInboxIds(user.accountId, user.id);
      const { token } = await auth.createApiToken(
        { userId: user.id, accountId: user.accountId, role: user.role, inboxIds },
        options.name,
      );
      process.stdout.write(`${token}\n`);
    });
  });

const readDataFile = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code ?? 'error'}).`,
    );
  }
};

const probability = (value: string) => {
  const number = Number(value);
  if (!(number > 0 && number < 1)) throw new InvalidArgumentError('a number between 0 and 1');
  return number;
};

/**
 * The items' and queries' vectors from an embeddings endpoint (the server's adapter and article
 * text), for `eval faq --embeddings-url`. The key comes from SOFORTDESK_EMBEDDINGS_API_KEY only:
 * a command line is visible to every user of the machine.
 */
async function faqEmbeddings(
  url: string,
  model: string | undefined,
  items: readonly FaqItem[],
  queries: readonly FaqQuery[],
  progress: (message: string) => void,
): Promise<FaqEmbeddings> {
  const settings = config({ SOFORTDESK_EMBEDDINGS_URL: url, SOFORTDESK_EMBEDDINGS_MODEL: model }).embeddings!;
  const provider = new OpenAiEmbeddings({ ...settings, timeoutMs: 120_000 });
  progress(
    `embedding ${items.length} items and ${queries.length} queries with ${settings.model} at ${provider.endpoint}`,
  );
  try {
    const itemVectors = await provider.embed(
      items.map((item) =>
        embeddingTextOf({ title: item.question, alternativeQuestions: [], body: item.answer }),
      ),
    );
    const queryVectors = await provider.embed(queries.map((query) => query.text));
    return {
      items: new Map(items.map((item, i) => [item.id, itemVectors[i]!])),
      queries: new Map(queries.map((query, i) => [query.id, queryVectors[i]!])),
    };
  } catch (error) {
    if (error instanceof EmbeddingsUnavailableError) throw new UsageError(error.message);
    throw error;
  }
}

const evalCommand = program
  .command('eval')
  .description('Measure the knowledge base and the triage signals on evaluation data.');

evalCommand
  .command('faq')
  .description(
    'Rank FAQ items for each query beside a BM25 peer; the last line of output is one JSON object with the figures.',
  )
  .requiredOption('--faq <file>', 'knowledge items, JSON Lines: {"id","question","answer","lang"}')
  .requiredOption('--queries <file>', 'queries, JSON Lines: {"id","text","relevant":[ids],"lang"}')
  .option('--precision <target>', 'precision target of automatic answers', probability, 0.95)
  .option(
    '--embeddings-url <url>',
    'an OpenAI-compatible embeddings endpoint: adds the embedding signal (key: SOFORTDESK_EMBEDDINGS_API_KEY)',
  )
  .option('--embeddings-model <model>', 'the model it should use (default: SOFORTDESK_EMBEDDINGS_MODEL)')
  .action(
    async (options: {
      faq: string;
      queries: string;
      precision: number;
      embeddingsUrl?: string;
      embeddingsModel?: string;
    }) => {
      const items = parseFaqItems(readDataFile(options.faq), options.faq);
      const queries = parseFaqQueries(readDataFile(options.queries), options.queries);
      const progress = (message: string) => process.stderr.write(`eval: ${message}\n`);
      const embeddings =
        options.embeddingsUrl === undefined
          ? undefined
          : await faqEmbeddings(options.embeddingsUrl, options.embeddingsModel, items, queries, progress);
      progress('loading the German dictionary');
      const analyzer = await TextAnalyzer.create();
      const result = evaluateFaq(analyzer, items, queries, {
        precisionTarget: options.precision,
        onProgress: progress,
        ...(embeddings ? { embeddings } : {}),
      });
      process.stdout.write(
        `${JSON.stringify({ faqFile: options.faq, queriesFile: options.queries, ...result })}\n`,
      );
    },
  );

evalCommand
  .command('intents')
  .description(
    'Train the intent classifier on TRAIN and measure it on TEST beside a BM25 nearest-neighbour peer; the last line of output is one JSON object with the figures.',
  )
  .requiredOption('--train <file>', 'labelled examples, JSON Lines: {"text","label"} ("oos" = out of scope)')
  .requiredOption('--test <file>', 'labelled examples, same format')
  .option('--val <file>', 'labelled examples to fit the answer/abstain threshold on (default: 15 % of TRAIN)')
  .option('--precision <target>', 'precision target of the answer/abstain threshold', probability, 0.95)
  .action(async (options: { train: string; test: string; val?: string; precision: number }) => {
    const train = parseIntentExamples(readDataFile(options.train), options.train);
    const test = parseIntentExamples(readDataFile(options.test), options.test);
    const validation = options.val ? parseIntentExamples(readDataFile(options.val), options.val) : undefined;
    const progress = (message: string) => process.stderr.write(`eval: ${message}\n`);
    progress('loading the German dictionary');
    const analyzer = await TextAnalyzer.create();
    const result = evaluateIntents(analyzer, train, test, {
      precisionTarget: options.precision,
      validation,
      onProgress: progress,
    });
    process.stdout.write(
      `${JSON.stringify({ trainFile: options.train, testFile: options.test, ...result })}\n`,
    );
  });

evalCommand
  .command('sentiment')
  .description(
    'Train the sentiment model on TRAIN and measure it on TEST beside the lexicon and the majority class; the last line of output is one JSON object.',
  )
  .requiredOption('--train <file>', 'labelled examples, JSON Lines: {"text","sentiment"}')
  .requiredOption('--test <file>', 'labelled examples, same format')
  .action(async (options: { train: string; test: string }) => {
    const train = parseSentimentExamples(readDataFile(options.train), options.train);
    const test = parseSentimentExamples(readDataFile(options.test), options.test);
    process.stderr.write('eval: loading the German dictionary\n');
    const analyzer = await TextAnalyzer.create();
    const result = evaluateSentiment(analyzer, train, test);
    process.stdout.write(
      `${JSON.stringify({ trainFile: options.train, testFile: options.test, ...result })}\n`,
    );
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof DataError) {
    process.stderr.write(`sofortdesk: ${error.message}\n`);
  } else {
    process.stderr.write(`sofortdesk: ${(error as Error).message ?? String(error)}\n`);
  }
  process.exit(1);
}
