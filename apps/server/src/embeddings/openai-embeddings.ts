/**
 * The `EmbeddingProvider` for an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI itself, or a
 * local server such as llama.cpp, vLLM, Ollama or text-embeddings-inference): POST
 * `{ model, input: [...] }`, answer `{ data: [{ index, embedding: [...] }] }`.
 *
 * The endpoint is the operator's choice (often on loopback), so unlike webhooks it is not held to
 * public addresses. The API key lives in a private field and goes only into the request's
 * Authorization header: no error message, log line or serialisation of this object carries it.
 */
import type { EmbeddingProvider } from '@sofortdesk/domain';

export class EmbeddingsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingsUnavailableError';
  }
}

export interface OpenAiEmbeddingsOptions {
  /** The endpoint, or a base URL it is found under (`…/v1` or the server's root). */
  url: string;
  model: string;
  apiKey?: string;
  /** Per request (default 10 s); `embed` can ask for less. */
  timeoutMs?: number;
  /** Texts per request (default 64): endpoints cap their input lists. */
  batchSize?: number;
  /** Each text is cut here (default 2,000 characters): small models read ~512 tokens at most. */
  maxChars?: number;
  fetch?: typeof fetch;
}

/**
 * Where the embeddings are: the URL as given when it names `/embeddings`, else `embeddings` below
 * `/v1`, else `/v1/embeddings` on the server.
 */
export function embeddingsEndpoint(url: string): URL {
  const endpoint = new URL(url);
  const path = endpoint.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/embeddings'))
    endpoint.pathname = path.endsWith('/v1') ? `${path}/embeddings` : `${path}/v1/embeddings`;
  return endpoint;
}

export class OpenAiEmbeddings implements EmbeddingProvider {
  readonly model: string;
  readonly #apiKey: string | undefined;
  readonly #endpoint: URL;
  readonly #timeoutMs: number;
  readonly #batchSize: number;
  readonly #maxChars: number;
  readonly #fetch: typeof fetch;

  constructor(options: OpenAiEmbeddingsOptions) {
    this.model = options.model;
    this.#apiKey = options.apiKey;
    this.#endpoint = embeddingsEndpoint(options.url);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#batchSize = Math.max(1, options.batchSize ?? 64);
    this.#maxChars = options.maxChars ?? 2_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The endpoint without query string: what messages may name. */
  get endpoint(): string {
    return `${this.#endpoint.origin}${this.#endpoint.pathname}`;
  }

  async embed(texts: string[], options: { timeoutMs?: number } = {}): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      const batch = texts.slice(start, start + this.#batchSize);
      vectors.push(...(await this.request(batch, options.timeoutMs ?? this.#timeoutMs)));
    }
    const length = vectors[0]?.length;
    if (vectors.some((vector) => vector.length !== length))
      throw new EmbeddingsUnavailableError(`${this.endpoint} answered vectors of different lengths`);
    return vectors;
  }

  private async request(batch: string[], timeoutMs: number): Promise<Float32Array[]> {
    // Endpoints refuse empty input; a space embeds as "nothing" everywhere.
    const input = batch.map((text) => text.slice(0, this.#maxChars).trim() || ' ');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    let response: Response;
    try {
      response = await this.#fetch(this.#endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.model, input, encoding_format: 'float' }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new EmbeddingsUnavailableError(
        timedOut
          ? `${this.endpoint} did not answer within ${timeoutMs} ms`
          : `${this.endpoint} cannot be reached (${causeOf(error)})`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new EmbeddingsUnavailableError(`${this.endpoint} answered HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new EmbeddingsUnavailableError(`${this.endpoint} answered no JSON`);
    }
    return this.vectorsOf(body, batch.length);
  }

  /** The answer's vectors in input order, checked: one per text, numbers only, one length. */
  private vectorsOf(body: unknown, count: number): Float32Array[] {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.length !== count)
      throw new EmbeddingsUnavailableError(`${this.endpoint} answered no list of ${count} embeddings`);
    const vectors = new Array<Float32Array | undefined>(count);
    data.forEach((entry: unknown, position) => {
      const { index, embedding } = (entry ?? {}) as { index?: unknown; embedding?: unknown };
      const at = typeof index === 'number' ? index : position;
      if (
        !Number.isInteger(at) ||
        at < 0 ||
        at >= count ||
        vectors[at] !== undefined ||
        !Array.isArray(embedding) ||
        embedding.length === 0 ||
        !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))
      )
        throw new EmbeddingsUnavailableError(`${this.endpoint} answered a malformed embedding`);
      vectors[at] = Float32Array.from(embedding as number[]);
    });
    return vectors as Float32Array[];
  }

  /** What logging this object shows: never the key. */
  toJSON(): { endpoint: string; model: string } {
    return { endpoint: this.endpoint, model: this.model };
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'error';
}
