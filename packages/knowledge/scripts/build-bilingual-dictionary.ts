/**
 * Regenerates packages/knowledge/dictionary/de-en.dict.gz, the compact German → English word list behind
 * cross-lingual retrieval, from the Ding dictionary (Frank Richter, TU Chemnitz, GPL-2.0-or-later),
 * as Debian's `trans-de-en` package installs it:
 *
 *   apt-get install trans-de-en
 *   npx tsx packages/knowledge/scripts/build-bilingual-dictionary.ts [/usr/share/trans/de-en]
 *
 * Ding lines read `German entries :: English entries`; both sides are split by ` | ` into aligned
 * sub-entries, each a `;`-separated list of synonyms with annotations in {}, [], (), <> and //.
 * A sub-entry whose German synonym is one content word (after stopwords) and whose English synonym
 * has at most three content words yields pairs (German stem, English stem). A pair's weight is the
 * number of sub-entries it occurs in, relative to the German stem's most frequent translation: the
 * dominant senses ("Rechnung" → invoice, bill) weigh most. Stems come from the engine's own
 * analyzer, so the file must be regenerated when the stemming or the stopwords change.
 *
 * Output: gzip of lines `germanStem<TAB>englishStem:weight englishStem:weight ...` (weights in
 * hundredths), sorted, with a header comment naming the source and its licence.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { TextAnalyzer } from '../src/text/analyzer.ts';

const SOURCE = process.argv[2] ?? '/usr/share/trans/de-en';
const OUT = path.resolve(import.meta.dirname, '../dictionary/de-en.dict.gz');
/** At most this many translations per German stem, and none below this share of the best one. */
const MAX_TRANSLATIONS = 8;
const MIN_RELATIVE_WEIGHT = 0.2;
const MAX_TARGET_TERMS = 3;

// Ding's placeholders for an object ("jdm. etw. geben" :: "to give sb. sth."), not content words.
const PLACEHOLDERS = /\b(?:jd[mnrs]?|etw|sb|sth|so|one's|sb's)\.(?=\s|$|,)|\bone's\b|\bsb's\b/gu;

function clean(text: string): string {
  return text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\/[^/]*\//g, ' ')
    .replace(PLACEHOLDERS, ' ');
}

const synonyms = (entry: string) =>
  clean(entry)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

const analyzer = new TextAnalyzer();
type Counts = Map<string, Map<string, number>>;
const deEn: Counts = new Map();
const enDe: Counts = new Map();

/** Stems of each synonym of a sub-entry that has 1..`max` content words. */
function stemsOf(entry: string, language: 'de' | 'en', max: number): string[][] {
  return synonyms(entry)
    .map((synonym) => analyzer.analyze(synonym, language).terms)
    .filter((terms) => terms.length > 0 && terms.length <= max);
}

/** Counts (source stem, target stem) for the one-word sources of a sub-entry. */
function count(into: Counts, sources: string[][], targets: string[][]): void {
  const sourceStems = new Set(sources.filter((terms) => terms.length === 1).map((terms) => terms[0]!));
  const targetStems = new Set(targets.flat());
  for (const source of sourceStems) {
    let row = into.get(source);
    if (!row) into.set(source, (row = new Map<string, number>()));
    for (const target of targetStems) row.set(target, (row.get(target) ?? 0) + 1);
  }
}

const text = fs.readFileSync(SOURCE, 'utf8');
let lines = 0;
for (const line of text.split('\n')) {
  if (line.startsWith('#') || !line.includes(' :: ')) continue;
  const [german, english] = line.split(' :: ') as [string, string];
  const germanParts = german.split(' | ');
  const englishParts = english.split(' | ');
  if (germanParts.length !== englishParts.length) continue;
  lines += 1;
  germanParts.forEach((part, i) => {
    const germanStems = stemsOf(part, 'de', MAX_TARGET_TERMS);
    const englishStems = stemsOf(englishParts[i]!, 'en', MAX_TARGET_TERMS);
    count(deEn, germanStems, englishStems);
    count(enDe, englishStems, germanStems);
  });
}

const out: string[] = [
  '# Stems of one language -> stems of the other with weights (hundredths), derived from Ding de-en',
  '# (https://www-user.tu-chemnitz.de/~fri/ding/, (c) Frank Richter, GPL-2.0-or-later; Debian trans-de-en)',
  '# by packages/knowledge/scripts/build-bilingual-dictionary.ts',
];
let pairs = 0;
for (const [header, counts] of [
  ['@de-en', deEn],
  ['@en-de', enDe],
] as const) {
  out.push(header);
  for (const source of [...counts.keys()].sort()) {
    const row = [...counts.get(source)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (row.length === 0) continue;
    const best = row[0]![1];
    const kept = row
      .filter(([target, n]) => n / best >= MIN_RELATIVE_WEIGHT && target !== source)
      .slice(0, MAX_TRANSLATIONS)
      .map(([target, n]) => `${target}:${Math.round((100 * n) / best)}`);
    if (kept.length === 0) continue;
    pairs += kept.length;
    out.push(`${source}\t${kept.join(' ')}`);
  }
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
const gz = zlib.gzipSync(out.join('\n') + '\n', { level: 9 });
fs.writeFileSync(OUT, gz);
process.stderr.write(
  `${lines} Ding lines → ${deEn.size} German and ${enDe.size} English stems, ${pairs} pairs; ${OUT} (${(gz.length / 1024).toFixed(0)} KiB)\n`,
);
