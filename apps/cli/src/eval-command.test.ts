import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// Test support of the server's embeddings adapter: a loopback endpoint with deterministic vectors.
import { startFakeEmbeddingsEndpoint } from '../../server/src/embeddings/fake-embeddings-endpoint.ts';

const CLI = path.resolve(import.meta.dirname, '../bin/sofortdesk.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, rows: unknown[] | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof rows === 'string' ? rows : rows.map((row) => JSON.stringify(row)).join('\n'));
  return file;
};

async function sofortdesk(...args: string[]) {
  return sofortdeskWith({}, ...args);
}

async function sofortdeskWith(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      timeout: 60_000,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const TOPICS = ['password reset', 'invoice download', 'delete account', 'shipping costs'];
const faq = write(
  'faq.jsonl',
  TOPICS.map((topic, t) => ({ id: `t${t}`, question: `How does ${topic} work?`, answer: topic, lang: 'en' })),
);
const queries = write(
  'queries.jsonl',
  TOPICS.flatMap((topic, t) =>
    ['help with', 'question about', 'trouble with'].map((lead, q) => ({
      id: `t${t}q${q}`,
      text: `${lead} ${topic}`,
      relevant: [`t${t}`],
      lang: 'en',
    })),
  ),
);

// Each case starts the CLI (tsx, the whole command set, the German dictionary): seconds on a busy machine.
describe('sofortdesk eval faq', { timeout: 60_000 }, () => {
  it('prints progress to stderr and the figures as the last stdout line', async () => {
    const { code, stdout, stderr } = await sofortdesk('eval', 'faq', '--faq', faq, '--queries', queries);
    expect(code).toBe(0);
    expect(stderr).toContain('eval: ');
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    for (const key of [
      'p1',
      'p5',
      'map',
      'mrr',
      'msPerQuery',
      'answeredPrecision',
      'coverage',
      'peer',
      'split',
    ])
      expect(figures).toHaveProperty(key);
  });

  it('names a missing file and a bad line, without a stack trace', async () => {
    const missing = await sofortdesk(
      'eval',
      'faq',
      '--faq',
      path.join(dir, 'nope.jsonl'),
      '--queries',
      queries,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No such file');
    const broken = write('broken.jsonl', `${fs.readFileSync(faq, 'utf8')}\n{"id": 5}`);
    const bad = await sofortdesk('eval', 'faq', '--faq', broken, '--queries', queries);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('broken.jsonl, line 5: needs a non-empty string "id"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('sofortdesk eval faq --embeddings-url', { timeout: 60_000 }, () => {
  it('adds the embedding signal from the endpoint, sending the key from the environment', async () => {
    const endpoint = await startFakeEmbeddingsEndpoint();
    try {
      const { code, stdout, stderr } = await sofortdeskWith(
        { SOFORTDESK_EMBEDDINGS_API_KEY: 'sk-cli-secret' },
        'eval',
        'faq',
        '--faq',
        faq,
        '--queries',
        queries,
        '--embeddings-url',
        endpoint.url,
        '--embeddings-model',
        'fake-bow',
      );
      expect(code).toBe(0);
      const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as { embeddings?: unknown; p1: number };
      expect(figures.embeddings).toEqual({ items: expect.any(Number), queries: 12 });
      expect(endpoint.requests.length).toBeGreaterThan(0);
      expect(endpoint.requests.every((r) => r.authorization === 'Bearer sk-cli-secret')).toBe(true);
      expect(`${stdout}${stderr}`).not.toContain('sk-cli-secret');
    } finally {
      await endpoint.close();
    }
  });

  it('stops with a clear message when the endpoint cannot be reached or no model is named', async () => {
    const down = await sofortdesk(
      'eval',
      'faq',
      '--faq',
      faq,
      '--queries',
      queries,
      '--embeddings-url',
      'http://127.0.0.1:1/v1/embeddings',
      '--embeddings-model',
      'm',
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot be reached/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
    const unnamed = await sofortdeskWith(
      { SOFORTDESK_EMBEDDINGS_MODEL: '' },
      'eval',
      'faq',
      '--faq',
      faq,
      '--queries',
      queries,
      '--embeddings-url',
      'http://127.0.0.1:1/v1',
    );
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toMatch(/SOFORTDESK_EMBEDDINGS_MODEL/);
  });
});
