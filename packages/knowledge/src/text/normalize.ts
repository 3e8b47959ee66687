/**
 * Normalisation shared by indexing and querying: Unicode NFKC (full-width letters, ligatures and
 * compatibility forms become plain ones), case folding, and folding of umlauts, ß and accents, so
 * that "Straße", "STRASSE" and "strasse", or "Gärten" and "Garten", meet on one form.
 */

/** Longer inputs are cut: nothing a customer writes needs more, and it bounds the time spent. */
export const MAX_TEXT_CHARS = 100_000;
/** Longer "words" are base64, hashes or binary noise, never something to match on. */
export const MAX_TOKEN_CHARS = 40;

const APOSTROPHE_IN_WORD = /(?<=\p{L})['’`´](?=\p{L})/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;
const NEEDS_FOLDING = /[^a-z0-9]/;

/** NFKC and lower case; apostrophes inside words go ("don't" → "dont", "geht's" → "gehts"). */
export function normalize(text: string): string {
  const cut = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  return cut.normalize('NFKC').toLowerCase().replace(APOSTROPHE_IN_WORD, '');
}

/**
 * Folds a lower-case word to ASCII where it has a Latin form: ä→a, ö→o, ü→u, ß→ss, é→e. The
 * transliterations ae/oe/ue are matched at query time instead (see `umlautVariants`), because
 * rewriting them everywhere would also fold "Steuer" or "aerial".
 */
export function fold(word: string): string {
  if (!NEEDS_FOLDING.test(word)) return word;
  return word.replace(/ß/g, 'ss').normalize('NFD').replace(COMBINING_MARKS, '');
}

/** The words of a text, normalised but not folded; over-long tokens are dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalize(text).matchAll(TOKEN)) {
    if (match[0].length <= MAX_TOKEN_CHARS) tokens.push(match[0]);
  }
  return tokens;
}

/**
 * "gaerten" might be "gärten" written without umlauts: the forms with ae/oe/ue read as a/o/u
 * (one replacement set at a time, all occurrences), for the caller to keep those its vocabulary knows.
 */
export function umlautVariants(word: string): string[] {
  if (!/[aou]e/.test(word)) return [];
  const variant = word.replace(/([aou])e/g, '$1');
  return variant === word ? [] : [variant];
}
