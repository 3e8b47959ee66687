/**
 * The knowledge engine's speed and memory on 10,000 articles: indexing time, query time and the
 * index's heap. Shared by `npm run eval` (docs/eval.md) and `npm run bench` (docs/benchmarks.md).
 * The articles are made of the real items' sentences (every item of every FAQ set, recombined by a
 * seeded generator), searched with the StackFAQ and XQuAD questions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  KnowledgeIndex,
  parseFaqItems,
  quantile,
  TextAnalyzer,
  type KnowledgeItem,
} from '@sofortdesk/knowledge';

export interface KnowledgeSpeed {
  articles: number;
  queries: number;
  indexMs: number;
  indexCpuMs: number;
  indexMb: number;
  analyzerMb: number;
  loadAverage: number;
  p50Ms: number;
  p95Ms: number;
  p95CpuMs: number;
}

/** A collected heap, for memory figures that mean something. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function corpus(dataDir: string): { articles: KnowledgeItem[]; questions: string[] } {
  const files = ['faq/stackfaq/faq.jsonl', 'faq/xquad/faq.de.jsonl', 'faq/xquad/faq.en.jsonl'];
  const sources = files.flatMap((file) =>
    parseFaqItems(fs.readFileSync(path.join(dataDir, file), 'utf8'), file),
  );
  let seed = 42;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = () => sources[Math.floor(random() * sources.length)]!;
  const articles: KnowledgeItem[] = Array.from({ length: 10_000 }, (_, i) => {
    const first = pick();
    return {
      id: `a${i}`,
      language: first.lang,
      title: first.question,
      body: `${first.answer}\n\n${pick().answer}`,
    };
  });
  const queryFiles = ['faq/stackfaq/queries.dev.jsonl', 'faq/xquad/queries.de.dev.jsonl'];
  const questions = queryFiles.flatMap((file) =>
    fs
      .readFileSync(path.join(dataDir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );
  return { articles, questions };
}

export async function knowledgeSpeed(dataDir: string): Promise<KnowledgeSpeed> {
  const { articles, questions } = corpus(dataDir);
  const beforeAnalyzer = heapAfterGc();
  const analyzer = await TextAnalyzer.create();
  const before = heapAfterGc();
  // The German lexicon and the German–English dictionary: loaded once per process, shared by every index.
  const analyzerMb = (before - beforeAnalyzer) / 2 ** 20;
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const index = KnowledgeIndex.build(analyzer, articles);
  const indexMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
  const indexCpuMs = (cpu.user + cpu.system) / 1000;
  const indexMb = (heapAfterGc() - before) / 2 ** 20;
  for (const question of questions.slice(0, 200)) index.search(question); // warm-up
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const question of questions) {
    started = performance.now();
    const cpuStart = process.cpuUsage();
    index.search(question);
    const used = process.cpuUsage(cpuStart);
    times.push(performance.now() - started);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return {
    articles: articles.length,
    queries: questions.length,
    indexMs,
    indexCpuMs,
    indexMb,
    analyzerMb,
    loadAverage: os.loadavg()[0]!,
    p50Ms: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    p95CpuMs: quantile(cpuTimes, 0.95),
  };
}
