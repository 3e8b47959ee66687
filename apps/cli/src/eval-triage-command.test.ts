import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(import.meta.dirname, '../bin/sofortdesk.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-eval-triage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, rows: unknown[] | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof rows === 'string' ? rows : rows.map((row) => JSON.stringify(row)).join('\n'));
  return file;
};

async function sofortdesk(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

const INTENTS: Record<string, string[]> = {
  refund: ['refund my order', 'i want my money back', 'get a refund please', 'return and refund'],
  password: ['forgot my password', 'reset password please', 'password does not work', 'change my password'],
  oos: ['tell me a joke', 'what is the weather', 'who won the game', 'play a song'],
};
const LEADS = ['', 'hi ', 'hello ', 'please ', 'hey ', 'sorry '];
const intentRows = Object.entries(INTENTS).flatMap(([label, texts]) =>
  texts.flatMap((text) => LEADS.map((lead) => ({ text: `${lead}${text}`, label }))),
);
const intentTrain = write('intents-train.jsonl', intentRows);
const intentTest = write('intents-test.jsonl', [
  { text: 'refund for my order please', label: 'refund' },
  { text: 'i forgot the password', label: 'password' },
  { text: 'sing me a song', label: 'oos' },
]);

const SENTIMENTS: Record<string, string[]> = {
  negative: ['zug ausgefallen', 'wieder verspätet', 'klimaanlage kaputt'],
  neutral: ['neuer fahrplan', 'bahnhof umgebaut', 'ticket gekauft'],
  positive: ['netter schaffner', 'pünktlich, danke', 'tolle fahrt'],
};
const sentimentRows = Object.entries(SENTIMENTS).flatMap(([sentiment, texts]) =>
  texts.flatMap((text) =>
    ['', 'heute ', '@db '].map((lead) => ({ text: `${lead}${text}`, relevant: true, sentiment })),
  ),
);

// Each case starts the CLI (tsx, the whole command set, the German dictionary): seconds on a busy machine.
describe('sofortdesk eval intents / sentiment', { timeout: 60_000 }, () => {
  it('eval intents prints the figures, ours and the peer, as the last stdout line', async () => {
    const { code, stdout, stderr } = await sofortdesk(
      'eval',
      'intents',
      '--train',
      intentTrain,
      '--test',
      intentTest,
    );
    expect(code).toBe(0);
    expect(stderr).toContain('eval: ');
    const figures = lastJson(stdout);
    for (const key of [
      'accuracy',
      'answeredPrecision',
      'coverage',
      'oosRecall',
      'automationAtP95',
      'trainSeconds',
      'msPerQuery',
      'peer',
    ])
      expect(figures).toHaveProperty(key);
    expect(figures.examples).toMatchObject({ train: intentRows.length, test: 3, inScope: 2, outOfScope: 1 });
    expect(figures.peer).toHaveProperty('accuracy');
    expect(figures.peer).toHaveProperty('oosRecall');
  });

  it('eval intents --val fits the answer/abstain threshold on the validation file', async () => {
    const val = write(
      'intents-val.jsonl',
      ['', 'hi ', 'hey ', 'so '].flatMap((lead) => [
        { text: `${lead}refund my purchase`, label: 'refund' },
        { text: `${lead}money back for the order`, label: 'refund' },
        { text: `${lead}my password is wrong`, label: 'password' },
        { text: `${lead}new password please`, label: 'password' },
        { text: `${lead}tell me a story`, label: 'oos' },
        { text: `${lead}how is the weather`, label: 'oos' },
      ]),
    );
    const { code, stdout } = await sofortdesk(
      'eval',
      'intents',
      '--train',
      intentTrain,
      '--test',
      intentTest,
      '--val',
      val,
    );
    expect(code).toBe(0);
    const figures = lastJson(stdout);
    expect(figures.examples).toMatchObject({ train: intentRows.length, validation: 24 });
    expect(typeof figures.threshold).toBe('number');
  });

  it('eval sentiment prints accuracy, macro-F1 and the majority baseline', async () => {
    const train = write('sentiment-train.jsonl', sentimentRows);
    const test = write('sentiment-test.jsonl', sentimentRows.slice(0, 6));
    const { code, stdout } = await sofortdesk('eval', 'sentiment', '--train', train, '--test', test);
    expect(code).toBe(0);
    const figures = lastJson(stdout);
    expect(typeof figures.accuracy).toBe('number');
    expect(typeof figures.macroF1).toBe('number');
    expect(figures.majority).toHaveProperty('accuracy');
    expect(figures.lexicon).toHaveProperty('macroF1');
  });

  it('names a missing file and a bad line, without a stack trace', async () => {
    const missing = await sofortdesk(
      'eval',
      'intents',
      '--train',
      path.join(dir, 'nope.jsonl'),
      '--test',
      intentTest,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No such file');
    const broken = write('broken.jsonl', '{"text":"hi","label":"a"}\n{"text":"x","sentiment":"angry"}');
    const bad = await sofortdesk('eval', 'sentiment', '--train', broken, '--test', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('broken.jsonl, line 1: "sentiment" must be');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
