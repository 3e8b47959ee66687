/**
 * Fits the default calibration (`packages/knowledge/src/answer/default-calibration.ts`) used for an
 * account until it has labelled data of its own: `npx tsx eval/fit-default-calibration.ts [--data DIR]`.
 *
 * The labelled searches come from every FAQ set of ../shared/data/faq (StackFAQ en, XQuAD de and en,
 * German questions on English items), each searched against banks of three sizes (the whole bank,
 * and random subsets of 200 and 25 groups: a new company's knowledge base is small, and scores
 * behave differently there). In every bank a quarter of the queried groups is missing, so a share of
 * the questions has no right answer, as in real traffic. One logistic model is fitted on all of it;
 * the answer thresholds for a grid of precision targets come from `thresholdForPrecision` (Wilson
 * lower bound) on the same searches, and the file records how many searches fed them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  FEATURE_NAMES,
  fitCalibration,
  KnowledgeIndex,
  parseFaqItems,
  parseFaqQueries,
  probabilityOf,
  removedGroups,
  TextAnalyzer,
  thresholdForPrecision,
  type FaqItem,
  type FaqQuery,
  type LabelledResult,
} from '@sofortdesk/knowledge';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const dataFlag = process.argv.indexOf('--data');
const DATA = path.resolve(
  dataFlag > 0 && process.argv[dataFlag + 1]
    ? process.argv[dataFlag + 1]!
    : path.join(REPO_ROOT, '../shared/data'),
);
const OUT = path.join(REPO_ROOT, 'packages/knowledge/src/answer/default-calibration.ts');

const SETS = [
  { faq: 'faq/stackfaq/faq.jsonl', queries: 'faq/stackfaq/queries.dev.jsonl' },
  { faq: 'faq/xquad/faq.de.jsonl', queries: 'faq/xquad/queries.de.dev.jsonl' },
  { faq: 'faq/xquad/faq.en.jsonl', queries: 'faq/xquad/queries.en.dev.jsonl' },
  { faq: 'faq/xquad/faq.en.jsonl', queries: 'faq/xquad/queries.de.dev.jsonl' },
];
const TARGETS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999];
const SUBSET_GROUPS = [200, 25];
const SUBSET_REPEATS = 4;

/** A small deterministic generator, so the file is the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const read = (file: string) => fs.readFileSync(path.join(DATA, file), 'utf8');
const groupKey = (query: FaqQuery) => [...query.relevant].sort().join(' ');

function labelledSearches(
  analyzer: TextAnalyzer,
  items: readonly FaqItem[],
  queries: readonly FaqQuery[],
): LabelledResult[] {
  const removed = removedGroups(queries);
  const removedIds = new Set(queries.filter((q) => removed.has(groupKey(q))).flatMap((q) => q.relevant));
  const bank = items.filter((item) => !removedIds.has(item.id));
  const index = KnowledgeIndex.build(
    analyzer,
    bank.map((item) => ({ id: item.id, language: item.lang, title: item.question, body: item.answer })),
  );
  const bankIds = new Set(bank.map((item) => item.id));
  return queries.map((query) => {
    const result = index.search(query.text, { language: query.lang, limit: 10 });
    const top = result.hits[0];
    return { result, isCorrect: top !== undefined && query.relevant.includes(top.id) && bankIds.has(top.id) };
  });
}

async function main() {
  const analyzer = await TextAnalyzer.create();
  const examples: LabelledResult[] = [];
  for (const [setIndex, set] of SETS.entries()) {
    const items = parseFaqItems(read(set.faq), set.faq);
    const queries = parseFaqQueries(read(set.queries), set.queries);
    examples.push(...labelledSearches(analyzer, items, queries));
    // Small banks: some groups with their items and queries.
    const groups = [...new Set(queries.map(groupKey))];
    for (const size of SUBSET_GROUPS) {
      for (let repeat = 0; repeat < SUBSET_REPEATS; repeat++) {
        const next = random(1000 * setIndex + 10 * size + repeat);
        const chosen = new Set([...groups].sort(() => next() - 0.5).slice(0, size));
        const subsetQueries = queries.filter((query) => chosen.has(groupKey(query)));
        const ids = new Set(subsetQueries.flatMap((query) => query.relevant));
        examples.push(
          ...labelledSearches(
            analyzer,
            items.filter((item) => ids.has(item.id)),
            subsetQueries,
          ),
        );
      }
    }
    process.stderr.write(`${set.queries} on ${set.faq}: ${examples.length} searches so far\n`);
  }
  const model = fitCalibration(examples);
  const scored = examples.map((example) => ({
    probability: probabilityOf(model, example.result),
    isCorrect: example.isCorrect,
  }));
  const thresholds = TARGETS.map((target) => {
    const threshold = thresholdForPrecision(scored, target);
    return [target, Number.isFinite(threshold) ? Number(threshold.toFixed(6)) : null] as const;
  });
  const right = examples.filter((example) => example.isCorrect).length;
  const round = (values: number[]) => values.map((value) => Number(value.toFixed(6)));
  const text = `/**
 * The default calibration: used for an account until it has labelled data of its own.
 * Generated by \`npx tsx eval/fit-default-calibration.ts\` (do not edit by hand): a logistic model
 * (\`fitCalibration\`) over ${examples.length} labelled searches (${right} with a right top hit) of the FAQ sets in
 * ../shared/data/faq (StackFAQ en, XQuAD de and en, German questions on English items), each against
 * its whole bank and against random banks of ${SUBSET_GROUPS.join(' and ')} groups, a quarter of the queried
 * groups removed so that some questions have no right answer. The thresholds are
 * \`thresholdForPrecision\` (Wilson lower bound, z = 1.28) on the same searches, per precision target;
 * null: no threshold reaches that target (then the system never answers on its own).
 */
import type { CalibrationModel } from './calibration.ts';

/** The features the model was fitted on, in order; a test checks they are still the engine's. */
export const DEFAULT_CALIBRATION_FEATURES: readonly string[] = ${JSON.stringify(FEATURE_NAMES)};

export const DEFAULT_CALIBRATION: CalibrationModel = {
  means: ${JSON.stringify(round(model.means))},
  deviations: ${JSON.stringify(round(model.deviations))},
  coefficients: ${JSON.stringify(round(model.coefficients))},
  intercept: ${Number(model.intercept.toFixed(6))},
};

/** [precision target, lowest probability that meets it], ascending by target. */
export const DEFAULT_THRESHOLDS: readonly (readonly [number, number | null])[] = ${JSON.stringify(thresholds)};

/**
 * The answer threshold for a precision target: that of the nearest grid target at or above it
 * (stricter, never looser); Infinity when none is reachable.
 */
export function defaultThresholdFor(precisionTarget: number): number {
  for (const [target, threshold] of DEFAULT_THRESHOLDS) {
    if (target >= precisionTarget) return threshold ?? Infinity;
  }
  return Infinity;
}
`;
  fs.writeFileSync(OUT, text);
  // The repository's formatting, so the generated file passes \`prettier --check\`.
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--write', OUT],
    {
      stdio: 'ignore',
    },
  );
  process.stderr.write(`wrote ${path.relative(REPO_ROOT, OUT)}: ${JSON.stringify(thresholds)}\n`);
}

await main();
