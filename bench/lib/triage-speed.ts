/**
 * Triage and routing speed (issue 6), in this process, no database:
 *  - training an account's intent classifier on 10,000 labelled examples (BANKING77's train file),
 *  - triage of one message (language, sentiment, intent, complexity) through the server's
 *    `AccountTriageEngine`, p50/p95 over the test file's messages,
 *  - routing decisions for 10,000 queued conversations against 20 rules (the pure `evaluateRouting`).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  evaluateRouting,
  type RoutingContext,
  type RoutingRule,
  type TriageSignals,
} from '@sofortdesk/domain';
import { TextAnalyzer } from '@sofortdesk/knowledge';
import { IntentClassifier, parseIntentExamples } from '@sofortdesk/triage';
import { AccountTriageEngine } from '../../apps/server/src/triage-engine.ts';

export interface TriageSpeed {
  trainExamples: number;
  trainMs: number;
  /** CPU time of this process: what a loaded machine does not inflate (wall time includes waiting for a core). */
  trainCpuMs: number;
  messages: number;
  p50Ms: number;
  p95Ms: number;
  p95CpuMs: number;
  routingConversations: number;
  routingRules: number;
  routingMs: number;
  routingCpuMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function triageSpeed(dataDir: string): Promise<TriageSpeed> {
  const dir = path.join(dataDir, 'intents', 'banking77');
  const train = parseIntentExamples(fs.readFileSync(path.join(dir, 'train.jsonl'), 'utf8'), 'train').slice(
    0,
    10_000,
  );
  const test = parseIntentExamples(fs.readFileSync(path.join(dir, 'test.jsonl'), 'utf8'), 'test').slice(
    0,
    2_000,
  );
  const analyzer = await TextAnalyzer.create();

  // Training as the engine does it (no held-out tuning beyond the classifier's own).
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const trainStart = performance.now();
  const trainCpu = process.cpuUsage();
  IntentClassifier.train(analyzer, train);
  const trainMs = performance.now() - trainStart;
  const trainCpuMs = cpuMs(trainCpu);

  // Triage through the engine, its model cached (as in a warm worker).
  const repos = {
    triage: {
      intentExamplesStamp: () => Promise.resolve('bench'),
      intentExamples: () => Promise.resolve(train),
    },
  } as unknown as ConstructorParameters<typeof AccountTriageEngine>[0];
  const engine = new AccountTriageEngine(repos, () => Promise.resolve(analyzer), { freshForMs: 3_600_000 });
  const input = (text: string) => ({
    text,
    fallbackLanguage: 'en' as const,
    attachments: 0,
    analyseContent: true,
    failedAutomaticAnswers: 0,
  });
  await engine.analyse('bench', input('warm up'));
  for (const example of test.slice(0, 200)) await engine.analyse('bench', input(example.text));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const example of test) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await engine.analyse('bench', input(example.text));
    cpuTimes.push(cpuMs(cpu));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);

  // 10,000 conversations waiting, 20 rules; most fall through to the last ones.
  const rules: RoutingRule[] = Array.from({ length: 20 }, (_, i) => ({
    id: `rule-${i}`,
    accountId: 'bench',
    name: `Rule ${i}`,
    position: i,
    enabled: true,
    isFallback: i === 19,
    conditions:
      i === 19
        ? []
        : [
            { kind: 'intent', in: [`intent-${i}`] },
            { kind: 'sentiment', in: ['negative'] },
            { kind: 'complexity', atLeast: 0.5 },
          ],
    actions: { teamId: 'team', priority: 'high' },
    problem: null,
    problemAt: null,
    createdAt: '',
    updatedAt: '',
  }));
  const signals = (i: number): TriageSignals => ({
    language: i % 2 ? 'de' : 'en',
    analysed: true,
    sentiment: i % 3 ? 'negative' : 'neutral',
    anger: false,
    urgency: false,
    intent: `intent-${i % 40}`,
    intentConfidence: 0.9,
    complexity: (i % 10) / 10,
    complexityReasons: [],
    unreadable: null,
  });
  const known = { teamIds: new Set(['team']), userIds: new Set<string>(), inboxIds: new Set(['inbox']) };
  const contexts: RoutingContext[] = Array.from({ length: 10_000 }, (_, i) => ({
    channel: 'api',
    inboxId: 'inbox',
    inboxBusinessHours: null,
    signals: signals(i),
    contactAttributes: {},
    at: new Date(),
    known,
  }));
  const routingStart = performance.now();
  const routingCpu = process.cpuUsage();
  let matched = 0;
  for (const context of contexts) if (!evaluateRouting(rules, context).rule.isFallback) matched += 1;
  const routingMs = performance.now() - routingStart;
  const routingCpuMs = cpuMs(routingCpu);
  if (matched === 0) throw new Error('routing bench: no rule ever matched');

  return {
    trainExamples: train.length,
    trainMs,
    trainCpuMs,
    messages: times.length,
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    p95CpuMs: percentile(cpuTimes, 0.95),
    routingConversations: contexts.length,
    routingRules: rules.length,
    routingMs,
    routingCpuMs,
  };
}
