/**
 * `npm run eval`: runs `sofortdesk eval faq` (the CLI is the contract) on every FAQ set of
 * shared/data, measures speed and memory on 10,000 articles, and writes docs/eval.md with our
 * figures beside the BM25 peer's and the targets (raw figures: eval/.out/results.json);
 * then the triage evaluation (eval/triage.ts: `sofortdesk eval intents` and `eval sentiment`).
 *
 * The data folder defaults to ../shared/data beside the repository (`npm run eval -- --data DIR` overrides it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knowledgeSpeed, type KnowledgeSpeed } from './knowledge-speed.ts';
import { renderTriage, runTriage, type TriageResults } from './triage.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const dataFlag = process.argv.indexOf('--data');
const DATA = path.resolve(
  dataFlag > 0 && process.argv[dataFlag + 1]
    ? process.argv[dataFlag + 1]!
    : path.join(REPO_ROOT, '../shared/data'),
);
const OUT_DIR = path.join(REPO_ROOT, 'eval/.out');
const DOC = path.join(REPO_ROOT, 'docs/eval.md');
const CLI = path.join(REPO_ROOT, 'apps/cli/bin/sofortdesk.js');

interface Figures {
  p1: number;
  p5: number;
  map: number;
  mrr: number;
  msPerQuery: number;
  answeredPrecision: number;
  coverage: number;
  learning: {
    p1: number;
    mrr: number;
    answeredPrecision: number;
    coverage: number;
    trainingPairs: number;
  };
  peer: { p1: number; p5: number; map: number; mrr: number; msPerQuery: number };
  queries: { evaluated: number; answerable: number; fit: number };
}

const SETS = [
  { name: 'StackFAQ (en → en)', faq: 'faq/stackfaq/faq.jsonl', queries: 'faq/stackfaq/queries.dev.jsonl' },
  { name: 'XQuAD de → de', faq: 'faq/xquad/faq.de.jsonl', queries: 'faq/xquad/queries.de.dev.jsonl' },
  { name: 'XQuAD en → en', faq: 'faq/xquad/faq.en.jsonl', queries: 'faq/xquad/queries.en.dev.jsonl' },
  {
    name: 'XQuAD de question → en items',
    faq: 'faq/xquad/faq.en.jsonl',
    queries: 'faq/xquad/queries.de.dev.jsonl',
  },
  {
    name: 'XQuAD en question → de items',
    faq: 'faq/xquad/faq.de.jsonl',
    queries: 'faq/xquad/queries.en.dev.jsonl',
  },
] as const;

type Target = { set: string; metric: 'p1' | 'mrr' | 'answeredPrecision' | 'coverage'; min: number };
const TARGETS: Target[] = [
  { set: SETS[0].name, metric: 'p1', min: 0.85 },
  { set: SETS[0].name, metric: 'mrr', min: 0.9 },
  { set: SETS[0].name, metric: 'answeredPrecision', min: 0.95 },
  { set: SETS[0].name, metric: 'coverage', min: 0.7 },
  { set: SETS[1].name, metric: 'p1', min: 0.92 },
  { set: SETS[3].name, metric: 'p1', min: 0.75 },
];

function runSet(set: (typeof SETS)[number]): Figures {
  const args = ['eval', 'faq', '--faq', path.join(DATA, set.faq), '--queries', path.join(DATA, set.queries)];
  process.stderr.write(`\n== ${set.name}: sofortdesk ${args.join(' ')}\n`);
  const stdout = execFileSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Figures;
}

async function main() {
  const results = SETS.map((set) => ({ set, figures: runSet(set) }));
  const triage = runTriage(CLI, DATA);

  process.stderr.write('\n== speed: 10,000 articles\n');
  const speed = await knowledgeSpeed(DATA);
  process.stderr.write(`${JSON.stringify(speed)}\n`);

  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify({ results, speed, triage }, null, 2));
  fs.writeFileSync(DOC, renderDoc(results, speed, triage));
  process.stderr.write(`\nwrote ${path.relative(REPO_ROOT, DOC)}\n`);
}

const f3 = (value: number) => value.toFixed(3);

/**
 * What the last round changed, with each step's effect on every set (measured with the same
 * protocol, one step after the other; "before" is the previous round's engine).
 */
const CHANGES = `## What changed in this round

1. **The peer drops stopwords.** The reference figures for BM25 (StackFAQ P@1 ≈ 0.74, MRR ≈ 0.79)
   are reproduced only when the peer drops Snowball's stopwords; before, it kept them and read
   0.677 / 0.748. \`eval/peer-protocol.ts\` shows the peer and the engine under each protocol variant
   (all queries or the evaluated two thirds, with or without the 25 % group removal, stopwords, boost,
   fields); no other difference to the reference was found. Our figures do not change; our lead over
   the peer on StackFAQ is now 0.07 at P@1.
2. **Tried, measured, left off**: a same-language synonym signal from WordNet 3.0 and OpenThesaurus
   (\`text/thesaurus.ts\`, \`RankingWeights.synonym\`, default 0). On the fitting third StackFAQ P@1 moved
   0.802 → 0.815 at weight 0.7, but in 30 random splits every set moved by less than 0.01 and the
   official split's StackFAQ coverage fell to 0.43: the words StackFAQ's misses need (remove/delete,
   PC/computer, directory/folder) are not synonyms there. Also tried and dropped on the fitting third:
   a thread field, weighting question filler words, prefix variants, abbreviations, associations from
   sibling answers, other pooling of same-title items, idf over title groups, a logistic reranker over
   the top 20 (+0.025 on the fitting third, −0.017 on the rest), and single-weight sweeps of every
   ranking weight (at most +0.013 on the fitting third, none consistent across sets).
3. **Optional embeddings** (\`SOFORTDESK_EMBEDDINGS_URL\`, an OpenAI-compatible endpoint): one more
   ranking signal and two calibration features when configured; unset, every figure here is exactly
   as before (tested). No endpoint exists on this machine, so it is not measured here:
   \`sofortdesk eval faq --embeddings-url\` measures it where one does.
4. **Triage**: idf-weighted words and word bigrams beside stems and character n-grams; the
   out-of-scope threshold fitted on the val file where a set has one, with out-of-scope weighted to 20 %
   of the traffic (10 % gave CLINC val oosRecall 0.87, 20 % 0.92); sentiment with idf and a lexicon
   balance feature.

StackFAQ coverage depends on the draw of the fitting third: over 30 random draws our answered
precision is 0.976 and coverage 0.379 (5–95 %: 0.000–0.540); the official draw's 0.492 is a
favourable one. Even a threshold chosen on the evaluated queries themselves reaches only 0.562, so
coverage 0.70 needs a better ranking, not a better calibration; after learning from the fitting
third (the "learned" columns) every StackFAQ target is met.`;

function renderDoc(
  results: { set: (typeof SETS)[number]; figures: Figures }[],
  speed: KnowledgeSpeed,
  triage: TriageResults,
): string {
  const figuresOf = (name: string) => results.find((r) => r.set.name === name)!.figures;
  const rows = results.map(
    ({ set, figures: f }) =>
      `| ${set.name} | ${f3(f.p1)} | ${f3(f.peer.p1)} | ${f3(f.mrr)} | ${f3(f.peer.mrr)} | ${f3(f.map)} | ${f3(f.peer.map)} | ${f3(f.p5)} | ${f3(f.peer.p5)} | ${f.msPerQuery.toFixed(2)} / ${f.peer.msPerQuery.toFixed(2)} | ${f.queries.evaluated} (${f.queries.answerable}) |`,
  );
  const decisionRows = results.map(
    ({ set, figures: f }) =>
      `| ${set.name} | ${f3(f.answeredPrecision)} | ${f3(f.coverage)} | ${f3(f.learning.p1)} | ${f3(f.learning.mrr)} | ${f3(f.learning.answeredPrecision)} | ${f3(f.learning.coverage)} | ${f.learning.trainingPairs} |`,
  );
  const targets = TARGETS.map((target) => {
    const figures = figuresOf(target.set);
    const value = figures[target.metric];
    const learned = figures.learning[target.metric];
    return `| ${target.set} | ${target.metric} ≥ ${target.min} | ${f3(value)} | ${value >= target.min ? 'met' : 'missed'} | ${f3(learned)} (${learned >= target.min ? 'met' : 'missed'}) |`;
  });
  const speedRows = [
    `| query p95 | ≤ 5 ms | ${speed.p95Ms.toFixed(2)} ms wall (p50 ${speed.p50Ms.toFixed(2)} ms), ${speed.p95CpuMs.toFixed(2)} ms CPU | ${speed.p95Ms <= 5 ? 'met' : 'missed'} |`,
    `| indexing ${speed.articles.toLocaleString('en')} articles | ≤ 10 s | ${(speed.indexMs / 1000).toFixed(2)} s wall, ${(speed.indexCpuMs / 1000).toFixed(2)} s CPU | ${speed.indexMs <= 10_000 ? 'met' : 'missed'} |`,
    `| index memory | ≤ 200 MB | ${speed.indexMb.toFixed(0)} MiB | ${speed.indexMb <= 200 ? 'met' : 'missed'} |`,
    `| text analysis data (German lexicon, German–English dictionary; once per process) | | ${speed.analyzerMb.toFixed(0)} MiB | |`,
  ];
  return `# Knowledge base evaluation

Written by \`npm run eval\` (eval/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; load average ${speed.loadAverage.toFixed(1)} while measuring (other work on a shared machine inflates every time below).
Each set runs \`sofortdesk eval faq --faq FAQ.jsonl --queries QUERIES.jsonl\` on shared/data/faq.

**How it is measured.** The items of a deterministic 25 % of the relevant groups are removed from the
bank, so their queries have no right answer. A deterministic third of the queries (fnv1a("fit:" + id)
% 100 < 33) fits the answer calibration and threshold (precision target 0.95) and is, in the learning
run, fed back as resolved conversations; **every figure is on the other two thirds**. Ranking figures
(P@1, MRR, MAP, P@5) count the answerable queries; answered precision = right automatic answers /
automatic answers, coverage = right automatic answers / answerable queries, over all evaluated
queries. The peer is MiniSearch (BM25) with Snowball stemming, Snowball's stopwords dropped and the
question field boosted ×3, on the same bank and queries. "learned" is our engine after learning from the fitting queries (their
questions added to the item they led to, and term associations learned from them; its calibration
is cross-fitted on two halves of the fitting queries): the gain a deployment sees once customers'
questions are resolved. The headline figures are without it; the peer never learns. The ranking
weights (knowledge-index.ts) and the confidence of the threshold (Wilson z = 1.28) were set by hand
while looking at these dev sets, a few values each; the held-out sets will tell whether they carry over.

${CHANGES}

## Ranking, beside the peer

| set | P@1 | peer P@1 | MRR | peer MRR | MAP | peer MAP | P@5 | peer P@5 | ms/query (ours / peer) | queries (answerable) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## Automatic answers, and after learning

| set | answered precision | coverage | learned P@1 | learned MRR | learned answered precision | learned coverage | training pairs |
| --- | --- | --- | --- | --- | --- | --- | --- |
${decisionRows.join('\n')}

## Targets (issue 4)

| set | target | ours | | after learning |
| --- | --- | --- | --- | --- |
${targets.join('\n')}

## Speed (one process, ${speed.articles.toLocaleString('en')} articles recombined from the sets' items, ${speed.queries} questions)

| what | target | measured | |
| --- | --- | --- | --- |
${speedRows.join('\n')}

${renderTriage(triage)}`;
}

await main();
