/**
 * The embedding signal's vectors for the knowledge engine (optional: only with
 * SOFORTDESK_EMBEDDINGS_URL). Articles are embedded in the background when an account's index is
 * rebuilt (its articles changed), keyed by a hash of the model and the text, so an unchanged article
 * is never embedded twice; the vectors are kept in DATA_DIR/embeddings and survive restarts. A
 * question is embedded when it is searched, within a short time limit.
 *
 * Never an error to the customer: an endpoint that is down, slow or answers nonsense only means that
 * query is ranked without the signal, and a warning is logged (at most once a minute, with a count).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@sofortdesk/config';
import type { EmbeddingProvider } from '@sofortdesk/domain';
import type { EmbeddingSignal } from '@sofortdesk/knowledge';
import { OpenAiEmbeddings } from './openai-embeddings.ts';

/** What an article is embedded as: its question(s) first, then the start of its answer. */
export interface EmbeddableArticle {
  id: string;
  title: string;
  alternativeQuestions: readonly string[];
  body: string;
}

export interface WarningLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface EmbeddingSignalsOptions {
  /** Where vectors are kept (DATA_DIR); undefined: in memory only. */
  dataDir?: string;
  logger?: WarningLogger;
  /** A question waits this long for its vector (default 1.5 s), then is ranked without it. */
  queryTimeoutMs?: number;
  /** Per batch of articles (default 30 s). */
  articleTimeoutMs?: number;
  /** After a failure, articles are tried again this much later (default 60 s); also the log's rate. */
  retryAfterMs?: number;
  now?: () => number;
}

/** An account's articles by id → the key of their vector. */
export type ArticleVectorKeys = ReadonlyMap<string, string>;

const ARTICLE_BATCH = 64;
const QUERY_CACHE = 2_000;
/**
 * After a question's vector failed, questions skip the endpoint this long: a slow endpoint must not
 * cost every question its full wait (the gap report assesses up to 2,000 in a row).
 */
const QUERY_PAUSE_MS = 10_000;
const ARTICLE_CHARS = 2_000;

/** Embeds text with timeouts (an adapter may accept one per call; others are raced). */
type Embed = (texts: string[], timeoutMs: number) => Promise<Float32Array[]>;

export class EmbeddingSignals {
  private readonly vectors = new Map<string, Float32Array>();
  /** Texts waiting to be embedded, by key. */
  private readonly pending = new Map<string, string>();
  private readonly queryVectors = new Map<string, Float32Array>();
  private running: Promise<void> | undefined;
  private retryAt = 0;
  private queryPausedUntil = -Infinity;
  private lastWarning = -Infinity;
  private suppressed = 0;
  private readonly file: string | undefined;
  private readonly embed: Embed;
  private readonly now: () => number;
  private readonly queryTimeoutMs: number;
  private readonly articleTimeoutMs: number;
  private readonly retryAfterMs: number;

  constructor(
    private readonly provider: EmbeddingProvider,
    private readonly options: EmbeddingSignalsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 1_500;
    this.articleTimeoutMs = options.articleTimeoutMs ?? 30_000;
    this.retryAfterMs = options.retryAfterMs ?? 60_000;
    this.embed = (texts, timeoutMs) => withTimeout(provider, texts, timeoutMs);
    if (options.dataDir) {
      const model = createHash('sha256').update(provider.model).digest('hex').slice(0, 16);
      this.file = path.join(options.dataDir, 'embeddings', `vectors-${model}.jsonl`);
      this.load();
    }
  }

  /** The key of an article's vector: the model and exactly the text it embeds. */
  keyOf(article: EmbeddableArticle): string {
    return createHash('sha256')
      .update(`${this.provider.model}\u0000${textOf(article)}`)
      .digest('base64url');
  }

  /**
   * The keys of the articles' vectors; those not embedded yet are queued and embedded in the
   * background (the index does not wait: until then those articles simply have no vector).
   */
  track(articles: readonly EmbeddableArticle[]): ArticleVectorKeys {
    const keys = new Map<string, string>();
    for (const article of articles) {
      const key = this.keyOf(article);
      keys.set(article.id, key);
      if (!this.vectors.has(key)) this.pending.set(key, textOf(article));
    }
    this.work();
    return keys;
  }

  /** The signal for one search, or undefined (no vector for the question: rank without it). */
  async signalFor(question: string, keys: ArticleVectorKeys): Promise<EmbeddingSignal | undefined> {
    const query = await this.queryVector(question);
    if (!query) return undefined;
    return {
      query,
      vectorOf: (articleId) => {
        const key = keys.get(articleId);
        return key === undefined ? undefined : this.vectors.get(key);
      },
    };
  }

  /** How many articles of these keys have a vector (for tests and diagnostics). */
  embeddedCount(keys: ArticleVectorKeys): number {
    let count = 0;
    for (const key of keys.values()) if (this.vectors.has(key)) count += 1;
    return count;
  }

  /** Resolves when the queued articles have been tried (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async queryVector(question: string): Promise<Float32Array | undefined> {
    const text = question.slice(0, ARTICLE_CHARS);
    if (text.trim() === '') return undefined;
    // By hash: customers' words are not kept in memory beyond the search (erasure leaves nothing here).
    const cacheKey = createHash('sha256').update(text).digest('base64url');
    const cached = this.queryVectors.get(cacheKey);
    if (cached) return cached;
    if (this.now() < this.queryPausedUntil) {
      this.suppressed += 1;
      return undefined;
    }
    try {
      const [vector] = await this.embed([text], this.queryTimeoutMs);
      if (!vector) return undefined;
      // Bounded: the oldest question makes room (an agent's panel asks again for the same one).
      if (this.queryVectors.size >= QUERY_CACHE)
        this.queryVectors.delete(this.queryVectors.keys().next().value!);
      this.queryVectors.set(cacheKey, vector);
      // Articles that failed earlier are tried again once the endpoint answers.
      if (this.pending.size > 0) this.retryAt = 0;
      this.work();
      return vector;
    } catch (error) {
      this.queryPausedUntil = this.now() + QUERY_PAUSE_MS;
      this.warn(error, 'question');
      return undefined;
    }
  }

  /** Embeds the queued articles in batches, one run at a time; failures wait for `retryAfterMs`. */
  private work(): void {
    if (this.running || this.pending.size === 0 || this.now() < this.retryAt) return;
    this.running = (async () => {
      try {
        while (this.pending.size > 0) {
          const batch = [...this.pending].slice(0, ARTICLE_BATCH);
          let vectors: Float32Array[];
          try {
            vectors = await this.embed(
              batch.map(([, text]) => text),
              this.articleTimeoutMs,
            );
          } catch (error) {
            this.retryAt = this.now() + this.retryAfterMs;
            this.warn(error, 'articles');
            return;
          }
          if (vectors.length !== batch.length) {
            this.retryAt = this.now() + this.retryAfterMs;
            this.warn(new Error(`${vectors.length} vectors for ${batch.length} texts`), 'articles');
            return;
          }
          const lines: string[] = [];
          batch.forEach(([key], i) => {
            const vector = vectors[i]!;
            this.vectors.set(key, vector);
            this.pending.delete(key);
            lines.push(
              JSON.stringify({
                key,
                vector: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64'),
              }),
            );
          });
          this.save(lines);
        }
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** Vectors kept earlier; a torn or foreign line (a crash mid-write) is skipped, not fatal. */
  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file!, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { key, vector } = JSON.parse(line) as { key?: unknown; vector?: unknown };
        if (typeof key !== 'string' || typeof vector !== 'string') continue;
        const bytes = Buffer.from(vector, 'base64');
        if (bytes.length === 0 || bytes.length % 4 !== 0) continue;
        // Copied into its own aligned buffer: Buffer.from may share a pool at any offset.
        this.vectors.set(
          key,
          new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)),
        );
      } catch {
        continue;
      }
    }
  }

  /** One append per batch (O_APPEND: processes sharing DATA_DIR do not interleave within a write). */
  private save(lines: string[]): void {
    if (!this.file || lines.length === 0) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${lines.join('\n')}\n`);
    } catch (error) {
      // Kept in memory all the same; the next start embeds them again.
      this.warn(error, 'store');
    }
  }

  private warn(error: unknown, during: 'question' | 'articles' | 'store'): void {
    const now = this.now();
    if (now - this.lastWarning < this.retryAfterMs) {
      this.suppressed += 1;
      return;
    }
    this.options.logger?.warn(
      {
        during,
        model: this.provider.model,
        // Our adapter's messages name the endpoint and the failure, never the key or a body.
        reason: error instanceof Error ? error.message : 'error',
        suppressed: this.suppressed,
      },
      'embeddings unavailable: ranking without the embedding signal',
    );
    this.lastWarning = now;
    this.suppressed = 0;
  }
}

/** The configured embedding signal, or undefined (no SOFORTDESK_EMBEDDINGS_URL: the lexical engine alone). */
export function embeddingSignalsFor(config: Config, logger: WarningLogger): EmbeddingSignals | undefined {
  if (!config.embeddings) return undefined;
  const provider = new OpenAiEmbeddings(config.embeddings);
  return new EmbeddingSignals(provider, { dataDir: config.dataDir, logger });
}

/** An article as the text its vector stands for. */
export function textOf(article: Omit<EmbeddableArticle, 'id'>): string {
  return [article.title, ...article.alternativeQuestions, article.body].join('\n').slice(0, ARTICLE_CHARS);
}

/** The provider's own timeout when it takes one, and a race in any case (a provider may ignore it). */
async function withTimeout(
  provider: EmbeddingProvider,
  texts: string[],
  timeoutMs: number,
): Promise<Float32Array[]> {
  let timer: NodeJS.Timeout | undefined;
  const embedded = provider.embed(texts, { timeoutMs });
  try {
    return await Promise.race([
      embedded,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no embeddings within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    embedded.catch(() => undefined);
  }
}
