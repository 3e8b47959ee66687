/**
 * Test support: an OpenAI-compatible embeddings endpoint on loopback that answers deterministic
 * vectors (a hashed bag of words: texts sharing words point the same way), so the adapter and the
 * ranking signal can be tested without a model. It can fail on demand and records what it got.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_DIMENSIONS = 64;

/** Lower-case words hashed (FNV-1a) into `dimensions` buckets, normalised to length 1. */
export function hashedBagOfWords(text: string, dimensions = FAKE_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}

export interface FakeEmbeddingsEndpoint {
  url: string;
  /** Requests received: their Authorization header and input texts. */
  requests: { authorization: string | undefined; model: unknown; input: string[] }[];
  /** 'ok', an HTTP status to answer instead, or 'hang' (never answer). */
  mode: 'ok' | 'hang' | number;
  /** Replaces the hashed bag of words for texts it knows. */
  overrides: Map<string, number[]>;
  close(): Promise<void>;
}

export async function startFakeEmbeddingsEndpoint(): Promise<FakeEmbeddingsEndpoint> {
  const hanging = new Set<http.ServerResponse>();
  const state: Omit<FakeEmbeddingsEndpoint, 'url' | 'close'> = {
    requests: [],
    mode: 'ok',
    overrides: new Map(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: unknown; input: string[] };
      state.requests.push({ authorization: req.headers.authorization, model: body.model, input: body.input });
      if (state.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (state.mode !== 'ok') {
        res.writeHead(state.mode, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'unavailable' } }));
        return;
      }
      // Reversed, with indexes: a client must put them back in order.
      const data = body.input
        .map((text, index) => ({
          object: 'embedding',
          index,
          embedding: state.overrides.get(text) ?? hashedBagOfWords(text),
        }))
        .reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: body.model }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1/embeddings`,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
