/**
 * German compound splitting from a dictionary word list: "kreditkartenabrechnung" →
 * kredit + karten + abrechnung, so a question about the "Abrechnung" or the "Kreditkarte" finds an
 * article about the "Kreditkartenabrechnung", and the reverse.
 *
 * The word list is the Hunspell de_DE dictionary of the `dictionary-de` package (igerman98, GPL):
 * its stems expanded by the affix file's suffix rules ("abrechnen" + J → "abrechnung"), folded.
 */

/** A set of folded, lower-case German words. */
export type Lexicon = ReadonlySet<string>;

/** Parts shorter than this are prefixes and fragments ("ab", "ein", "tor") more often than words. */
const MIN_PART = 4;
/** Words shorter than two minimal parts are not split. */
const MIN_COMPOUND = 2 * MIN_PART;
/** Linking elements (Fugenelemente) between parts, longest first. */
const LINKS = ['es', 'en', 'er', 's', 'n', 'e'];

interface SuffixRule {
  strip: string;
  add: string;
  condition: RegExp;
}

const foldWord = (word: string) =>
  word
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');

/** Builds the lexicon from Hunspell .aff and .dic text (suffix rules only; prefixes add nothing here). */
export function lexiconFromHunspell(aff: string, dic: string): Set<string> {
  const rules = new Map<string, SuffixRule[]>();
  for (const line of aff.split('\n')) {
    const parts = line.trim().split(/\s+/);
    // Rule lines have five fields; the header line of a rule group has four ("SFX J Y 4").
    if (parts[0] !== 'SFX' || parts.length < 5) continue;
    const [, flag, strip, add, condition] = parts as [string, string, string, string, string];
    let pattern: RegExp;
    try {
      pattern = new RegExp(`${condition}$`);
    } catch {
      continue;
    }
    const list = rules.get(flag) ?? [];
    list.push({
      strip: strip === '0' ? '' : strip,
      add: add === '0' ? '' : add.split('/')[0]!,
      condition: pattern,
    });
    rules.set(flag, list);
  }
  const words = new Set<string>();
  const lines = dic.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const entry = lines[i]!.split(/\s/)[0];
    if (!entry) continue;
    const slash = entry.indexOf('/');
    const stem = slash < 0 ? entry : entry.slice(0, slash);
    if (stem.length < MIN_PART || /[^\p{L}]/u.test(stem)) continue;
    words.add(foldWord(stem));
    if (slash < 0) continue;
    for (const flag of entry.slice(slash + 1)) {
      for (const rule of rules.get(flag) ?? []) {
        if (!rule.condition.test(stem) || !stem.endsWith(rule.strip)) continue;
        words.add(foldWord(stem.slice(0, stem.length - rule.strip.length) + rule.add));
      }
    }
  }
  return words;
}

let german: Promise<Lexicon> | undefined;

/** The German lexicon, loaded once (about half a second) on first use. */
export function loadGermanLexicon(): Promise<Lexicon> {
  german ??= import('dictionary-de').then(({ default: dictionary }) => {
    const decoder = new TextDecoder('utf-8');
    return lexiconFromHunspell(decoder.decode(dictionary.aff), decoder.decode(dictionary.dic));
  });
  return german;
}

/**
 * The parts of a folded compound, or `[]` when it is not one. Among the ways to cut the word into
 * lexicon words (with linking elements between), the one with the fewest parts wins, then the one
 * whose shortest part is longest: "kreditkartenabrechnung" → ["kredit", "karten", "abrechnung"].
 */
export function splitCompound(word: string, lexicon: Lexicon): string[] {
  if (word.length < MIN_COMPOUND) return [];
  const n = word.length;
  // best[i]: the best split of word.slice(i), or null when it has none.
  const best: ({ parts: string[]; shortest: number } | null)[] = new Array<null>(n + 1).fill(null);
  best[n] = { parts: [], shortest: Infinity };
  for (let i = n - MIN_PART; i >= 0; i--) {
    for (let j = i + MIN_PART; j <= n; j++) {
      const part = word.slice(i, j);
      if (!lexicon.has(part)) continue;
      const candidates = [j];
      for (const link of LINKS) if (j < n && word.startsWith(link, j)) candidates.push(j + link.length);
      for (const next of candidates) {
        const rest = best[next];
        if (!rest || (next < n && rest.parts.length === 0)) continue;
        const parts = [part, ...rest.parts];
        const shortest = Math.min(part.length, rest.shortest);
        const current = best[i];
        if (
          !current ||
          parts.length < current.parts.length ||
          (parts.length === current.parts.length && shortest > current.shortest)
        )
          best[i] = { parts, shortest };
      }
    }
  }
  const split = best[0];
  return split && split.parts.length > 1 ? split.parts : [];
}
