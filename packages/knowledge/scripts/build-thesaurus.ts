/**
 * Regenerates packages/knowledge/dictionary/thesaurus.gz, the same-language synonyms behind the
 * engine's synonym signal ("delete" also finds "erase", "löschen" also finds "entfernen"), from two
 * thesauri as Debian packages install them (not run in CI; nothing is downloaded at run time):
 *
 *   apt-get install wordnet-base openthesaurus-de-text
 *   npx tsx packages/knowledge/scripts/build-thesaurus.ts [/usr/share/wordnet] [/usr/share/openthesaurus-de/openthesaurus.txt]
 *
 * English: WordNet 3.0 (Princeton, WordNet licence). A word's synonyms are the other words of its
 * synsets. A word has several senses (synsets) and WordNet orders them by how often each was seen in
 * its tagged corpus (cntlist.rev gives the counts), so a synonym's weight is the share of the word's
 * sense counts (plus one each, so untagged senses still count a little) that its synsets carry: for
 * "remove" the dominant "take away" sense weighs most, "murder" almost nothing.
 * German: OpenThesaurus (Daniel Naber, LGPL-2.1-or-later): one synset a line, no frequencies, so
 * each of a word's synsets has the same share.
 *
 * Only one-word entries on both sides (one content stem after the engine's analyzer), at most
 * `MAX_SYNONYMS` per stem and none below `MIN_WEIGHT`. Stems come from the engine's own analyzer,
 * so the file must be regenerated when the stemming, folding or stopwords change.
 *
 * Output: gzip of `@en` and `@de` sections of lines `stem<TAB>synonymStem:weight ...` (weights in
 * hundredths of the word's senses), sorted, with a header comment naming the sources and licences.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { TextAnalyzer } from '../src/text/analyzer.ts';

const WORDNET = process.argv[2] ?? '/usr/share/wordnet';
const OPENTHESAURUS = process.argv[3] ?? '/usr/share/openthesaurus-de/openthesaurus.txt';
const OUT = path.resolve(import.meta.dirname, '../dictionary/thesaurus.gz');
const MAX_SYNONYMS = 8;
const MIN_WEIGHT = 0.1;

const analyzer = new TextAnalyzer();
const stemCache = new Map<string, string | undefined>();
/** The one content stem of a one-word entry; undefined for phrases, stopwords and names with digits. */
function stemOf(word: string, language: 'de' | 'en'): string | undefined {
  const key = `${language}:${word}`;
  if (stemCache.has(key)) return stemCache.get(key);
  const trimmed = word.trim();
  const terms = /\s|\d/.test(trimmed) ? [] : analyzer.analyze(trimmed, language).terms;
  // Beyond Latin-1 ("œuvre") would make the loaded text a two-byte string, twice the memory, for a
  // handful of words.
  const stem =
    terms.length === 1 && terms[0]!.length >= 2 && [...terms[0]!].every((c) => c.charCodeAt(0) <= 0xff)
      ? terms[0]
      : undefined;
  stemCache.set(key, stem);
  return stem;
}

/** source stem → synonym stem → weight (0..1, summed over the source's senses). */
type Weights = Map<string, Map<string, number>>;

function add(into: Weights, source: string, target: string, weight: number): void {
  if (source === target) return;
  let row = into.get(source);
  if (!row) into.set(source, (row = new Map<string, number>()));
  row.set(target, (row.get(target) ?? 0) + weight);
}

/**
 * Several words (and parts of speech) share a stem ("computer" and "compute", "several" and
 * "severe"): the stem's synonyms are theirs, each word weighted by its share of the stem's tagged
 * senses, so the frequent word speaks for the stem.
 */
function mix(rows: { frequency: number; row: Map<string, number> }[]): Map<string, number> {
  const total = rows.reduce((sum, { frequency }) => sum + frequency, 0);
  const mixed = new Map<string, number>();
  for (const { frequency, row } of rows)
    for (const [target, weight] of row)
      mixed.set(target, (mixed.get(target) ?? 0) + (weight * frequency) / total);
  return mixed;
}

function wordNet(): Weights {
  // cntlist.rev: `lemma%ss_type:... senseNumber tagCount`; satellites (5) are adjectives (3).
  const counts = new Map<string, number>();
  for (const line of fs.readFileSync(path.join(WORDNET, 'cntlist.rev'), 'utf8').split('\n')) {
    const [key, sense, count] = line.split(' ');
    if (!key || !sense || !count) continue;
    const [lemma, rest] = key.split('%') as [string, string];
    const pos = rest[0] === '5' ? '3' : rest[0];
    counts.set(`${lemma}|${pos}|${sense}`, Number(count));
  }
  const words = new Map<string, { frequency: number; row: Map<string, number> }[]>();
  for (const [name, pos] of [
    ['noun', '1'],
    ['verb', '2'],
    ['adj', '3'],
    ['adv', '4'],
  ] as const) {
    // data.<pos>: `offset lexFile ssType wordCount(hex) word lexId … pointers | gloss`.
    const synsets = new Map<string, string[]>();
    for (const line of fs.readFileSync(path.join(WORDNET, `data.${name}`), 'utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const fields = line.split(' ');
      const wordCount = parseInt(fields[3]!, 16);
      const words: string[] = [];
      for (let i = 0; i < wordCount; i++)
        words.push(fields[4 + 2 * i]!.replace(/\(.*\)$/, '').replace(/_/g, ' '));
      synsets.set(fields[0]!, words);
    }
    // index.<pos>: `lemma pos synsetCount pointerCount [pointers] senseCount tagSenseCount offsets`,
    // the offsets in WordNet's sense order (most frequent first).
    const entries = fs
      .readFileSync(path.join(WORDNET, `index.${name}`), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('  '))
      .map((line) => {
        const fields = line.trim().split(' ');
        const lemma = fields[0]!;
        const offsets = fields.slice(fields.length - Number(fields[2]));
        return { lemma, offsets, counts: offsets.map((_, i) => counts.get(`${lemma}|${pos}|${i + 1}`) ?? 0) };
      });
    // Names ("Idaho" for "id", "Gd" for "gd") are no synonyms of a common word.
    const common = (word: string) => word === word.toLowerCase();
    for (const { lemma, offsets, counts: tagged } of entries) {
      const source = stemOf(lemma.replace(/_/g, ' '), 'en');
      if (!source) continue;
      const senseCounts = tagged.map((count) => count + 1);
      const total = senseCounts.reduce((a, b) => a + b, 0);
      const row = new Map<string, number>();
      offsets.forEach((offset, i) => {
        const members = synsets.get(offset) ?? [];
        // The sense where the lemma is a name ("ID" for Idaho) is not the common word's.
        if (!members.some((word) => word.toLowerCase() === lemma && common(word))) return;
        const share = senseCounts[i]! / total;
        // A synonym listed twice in one synset (two spellings with one stem) counts once.
        const targets = new Set(members.filter(common).map((word) => stemOf(word, 'en')));
        for (const target of targets)
          if (target && target !== source) row.set(target, (row.get(target) ?? 0) + share);
      });
      // Tagged occurrences of the word (plus one): how much it speaks for its stem.
      const frequency = total - senseCounts.length + 1;
      words.set(source, [...(words.get(source) ?? []), { frequency, row }]);
    }
  }
  return new Map([...words].map(([source, rows]) => [source, mix(rows)]));
}

function openThesaurus(): Weights {
  const synsets: string[][] = [];
  const membership = new Map<string, number>();
  for (const line of fs.readFileSync(OPENTHESAURUS, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // Entries carry notes in brackets ("(ugs.)", "(von etwas)"); "Deputat..." is a word's start only.
    const stems = new Set(
      line
        .split(';')
        .filter((entry) => !entry.includes('...'))
        .map((entry) => stemOf(entry.replace(/\([^)]*\)/g, ' '), 'de'))
        .filter((stem): stem is string => stem !== undefined),
    );
    if (stems.size < 2) continue;
    synsets.push([...stems]);
    for (const stem of stems) membership.set(stem, (membership.get(stem) ?? 0) + 1);
  }
  const result: Weights = new Map();
  for (const stems of synsets)
    for (const source of stems) {
      const share = 1 / membership.get(source)!;
      for (const target of stems) add(result, source, target, share);
    }
  return result;
}

const out: string[] = [
  "# Same-language synonyms: stem -> synonym stems with weights (hundredths of the word's senses),",
  '# English from WordNet 3.0 ((c) 2006 Princeton University, WordNet licence; Debian wordnet-base),',
  '# German from OpenThesaurus ((c) Daniel Naber and contributors, LGPL-2.1-or-later; Debian',
  '# openthesaurus-de-text), by packages/knowledge/scripts/build-thesaurus.ts',
];
const stats: string[] = [];
for (const [header, weights] of [
  ['@en', wordNet()],
  ['@de', openThesaurus()],
] as const) {
  out.push(header);
  let stems = 0;
  let pairs = 0;
  for (const source of [...weights.keys()].sort()) {
    const kept = [...weights.get(source)!]
      .map(([target, weight]) => [target, Math.min(weight, 1)] as const)
      .filter(([, weight]) => weight >= MIN_WEIGHT)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_SYNONYMS)
      .map(([target, weight]) => `${target}:${Math.round(100 * weight)}`);
    if (kept.length === 0) continue;
    stems += 1;
    pairs += kept.length;
    out.push(`${source}\t${kept.join(' ')}`);
  }
  stats.push(`${header.slice(1)}: ${stems} stems, ${pairs} pairs`);
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
const gz = zlib.gzipSync(out.join('\n') + '\n', { level: 9 });
fs.writeFileSync(OUT, gz);
process.stderr.write(`${stats.join('; ')}; ${OUT} (${(gz.length / 1024).toFixed(0)} KiB)\n`);
