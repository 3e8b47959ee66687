import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_DIMENSIONS,
  hashedBagOfWords,
  startFakeEmbeddingsEndpoint,
  type FakeEmbeddingsEndpoint,
} from './fake-embeddings-endpoint.ts';
import { embeddingsEndpoint, EmbeddingsUnavailableError, OpenAiEmbeddings } from './openai-embeddings.ts';

const KEY = 'sk-test-0123456789-secret';
let endpoint: FakeEmbeddingsEndpoint;
beforeAll(async () => {
  endpoint = await startFakeEmbeddingsEndpoint();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  endpoint.requests.length = 0;
  endpoint.mode = 'ok';
});

const provider = (options: Partial<ConstructorParameters<typeof OpenAiEmbeddings>[0]> = {}) =>
  new OpenAiEmbeddings({ url: endpoint.url, model: 'fake-bow', apiKey: KEY, ...options });

describe('OpenAiEmbeddings', () => {
  it('returns one vector per text in input order, in batches, with the model and the key', async () => {
    const texts = ['reset my password', 'Rechnung als PDF', 'shipping to Austria', '', 'password reset'];
    const vectors = await provider({ batchSize: 2 }).embed(texts);
    expect(vectors).toHaveLength(5);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(FAKE_DIMENSIONS);
      // The endpoint answers in reverse order with indexes; the adapter puts them back.
      expect(Array.from(vector)).toEqual(
        Array.from(Float32Array.from(hashedBagOfWords(texts[i]!.trim() || ' '))),
      );
    });
    expect(endpoint.requests.map((r) => r.input.length)).toEqual([2, 2, 1]);
    expect(
      endpoint.requests.every((r) => r.authorization === `Bearer ${KEY}` && r.model === 'fake-bow'),
    ).toBe(true);
    // An empty text is sent as a space: endpoints refuse empty input.
    expect(endpoint.requests[2]!.input).toEqual(['password reset']);
    expect(endpoint.requests[1]!.input[1]).toBe(' ');
  });

  it('sends no Authorization header without a key, and embeds nothing for no texts', async () => {
    await provider({ apiKey: undefined }).embed(['hello']);
    expect(endpoint.requests[0]!.authorization).toBeUndefined();
    expect(await provider().embed([])).toEqual([]);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('finds the endpoint from a base URL', () => {
    expect(embeddingsEndpoint('http://127.0.0.1:8080').pathname).toBe('/v1/embeddings');
    expect(embeddingsEndpoint('http://127.0.0.1:8080/v1/').pathname).toBe('/v1/embeddings');
    expect(embeddingsEndpoint('https://api.example.com/openai/v1').pathname).toBe('/openai/v1/embeddings');
    expect(embeddingsEndpoint('http://h/v1/embeddings').pathname).toBe('/v1/embeddings');
  });

  it('fails with an error that names the endpoint and never the key: HTTP error, timeout, nothing listening', async () => {
    endpoint.mode = 500;
    const failures: unknown[] = [];
    await provider()
      .embed(['x'])
      .catch((error: unknown) => failures.push(error));
    endpoint.mode = 'hang';
    await provider({ timeoutMs: 150 })
      .embed(['x'])
      .catch((error: unknown) => failures.push(error));
    await new OpenAiEmbeddings({ url: 'http://127.0.0.1:1/v1/embeddings', model: 'm', apiKey: KEY })
      .embed(['x'])
      .catch((error: unknown) => failures.push(error));
    expect(failures).toHaveLength(3);
    const messages = failures.map((error) => {
      expect(error).toBeInstanceOf(EmbeddingsUnavailableError);
      return (error as Error).message;
    });
    expect(messages[0]).toMatch(/HTTP 500/);
    expect(messages[1]).toMatch(/within 150 ms/);
    expect(messages[2]).toMatch(/cannot be reached/);
    for (const error of failures) expect(inspect(error, { depth: 5 })).not.toContain(KEY);
  });

  it('refuses malformed answers: too few vectors, non-numbers, vectors of different lengths', async () => {
    const answer = (body: unknown) =>
      new OpenAiEmbeddings({
        url: 'http://fake.invalid/v1/embeddings',
        model: 'm',
        fetch: () => Promise.resolve(Response.json(body)),
      });
    await expect(answer({ data: [] }).embed(['a'])).rejects.toThrow(/no list of 1 embeddings/);
    await expect(answer({ data: [{ index: 0, embedding: ['x'] }] }).embed(['a'])).rejects.toThrow(
      /malformed/,
    );
    await expect(
      answer({
        data: [
          { index: 0, embedding: [1, 0] },
          { index: 1, embedding: [1] },
        ],
      }).embed(['a', 'b']),
    ).rejects.toThrow(/different lengths/);
    await expect(
      answer({
        data: [
          { index: 0, embedding: [1] },
          { index: 0, embedding: [1] },
        ],
      }).embed(['a', 'b']),
    ).rejects.toThrow(/malformed/);
  });

  it('keeps the key out of what logging shows of it', () => {
    const embeddings = provider();
    expect(JSON.stringify(embeddings)).not.toContain(KEY);
    expect(inspect(embeddings, { depth: 5, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(embeddings)).toContain('fake-bow');
  });
});
