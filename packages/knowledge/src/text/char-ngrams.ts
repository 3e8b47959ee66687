/**
 * Character 4-grams of folded words, with word boundaries marked: the cross-lingual signal.
 * German and English share names, numbers and many cognates whose spellings differ by a letter or
 * two; their n-grams still overlap (McNamee & Mayfield 2004 used n-grams for retrieval across
 * related languages). Before cutting, `cognateForm` evens out the regular spelling differences.
 */
const N = 4;

// Regular German ↔ English spelling correspondences, applied to both languages alike, in order:
// Kultur/culture, Zentrum/centre, Polnisch/Polish, Geographie/geography, Theater/theatre.
const COGNATE_RULES: [RegExp, string][] = [
  [/sch/g, 'sh'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/[kz]/g, 'c'],
  [/y/g, 'i'],
  [/ie/g, 'i'],
  [/(.)\1/g, '$1'],
  [/re$/, 'er'],
  [/e$/, ''],
];

/** A spelling of a folded word in which German and English cognates look alike. */
export function cognateForm(word: string): string {
  let form = word;
  for (const [pattern, replacement] of COGNATE_RULES) form = form.replace(pattern, replacement);
  return form;
}

export function charNgrams(words: readonly string[], into: string[] = []): string[] {
  for (const word of words) {
    if (word.length < 3) continue;
    const marked = `_${cognateForm(word)}_`;
    for (let i = 0; i + N <= marked.length; i++) into.push(marked.slice(i, i + N));
  }
  return into;
}
