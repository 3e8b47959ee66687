/**
 * The German ↔ English dictionary behind cross-lingual retrieval: a stem of one language → the
 * other language's stems that translate it, each with a weight (its share of the dictionary's
 * senses, the dominant translation 1). A German question about the "Rechnung" thereby also asks
 * for "invoice", "bill" and "account" in English articles, and the reverse.
 *
 * The data is packages/knowledge/dictionary/de-en.dict.gz, derived from the Ding dictionary
 * (GPL-2.0-or-later) by scripts/build-bilingual-dictionary.ts; see dictionary/README.md. It ships with
 * the code: nothing is downloaded at run time.
 */
import type { Language } from './language-codes.ts';

export interface Translation {
  /** A stem of the other language, as the analyzer makes it. */
  term: string;
  /** 0..1: how dominant this sense is among the source stem's translations. */
  weight: number;
}

export const DICTIONARY_FILE = new URL('../../dictionary/de-en.dict.gz', import.meta.url);

const NONE: readonly Translation[] = Object.freeze([]);

export class BilingualDictionary {
  /** Raw lines per source stem, parsed on first use (most of 270,000 stems are never asked for). */
  private constructor(
    private readonly rows: Record<Language, Map<string, string | readonly Translation[]>>,
  ) {}

  static readonly empty = new BilingualDictionary({ de: new Map(), en: new Map() });

  /**
   * Parses the text format: `@de-en` and `@en-de` start a direction; each line is
   * `sourceStem<TAB>target:weight target:weight …` with weights in hundredths; `#` starts a comment.
   */
  static parse(text: string): BilingualDictionary {
    const rows: Record<Language, Map<string, string>> = { de: new Map(), en: new Map() };
    let direction: Map<string, string> | undefined;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      if (line === '@de-en') direction = rows.de;
      else if (line === '@en-de') direction = rows.en;
      else if (direction && line && !line.startsWith('#')) {
        const tab = line.indexOf('\t');
        if (tab > 0) direction.set(line.slice(0, tab), line.slice(tab + 1));
      }
    }
    return new BilingualDictionary(rows);
  }

  /** How many source stems each direction knows. */
  get size(): Record<Language, number> {
    return { de: this.rows.de.size, en: this.rows.en.size };
  }

  /** The other language's stems for a stem of `from`, dominant sense first; [] when unknown. */
  translate(stem: string, from: Language): readonly Translation[] {
    const rows = this.rows[from];
    const row = rows.get(stem);
    if (row === undefined) return NONE;
    if (typeof row !== 'string') return row;
    const parsed = row.split(' ').flatMap((pair) => {
      const colon = pair.lastIndexOf(':');
      const weight = Number(pair.slice(colon + 1)) / 100;
      return colon > 0 && weight > 0 ? [{ term: pair.slice(0, colon), weight: Math.min(weight, 1) }] : [];
    });
    rows.set(stem, parsed);
    return parsed;
  }
}

export class DictionaryError extends Error {}

let shipped: Promise<BilingualDictionary> | undefined;

/**
 * Loads a dictionary file (gzip or plain text). The shipped one is loaded once per process
 * (about a quarter of a second). A missing or unreadable file is a clear error, not an empty
 * dictionary: cross-lingual retrieval would silently get worse.
 */
export function loadBilingualDictionary(file: URL | string = DICTIONARY_FILE): Promise<BilingualDictionary> {
  const load = async () => {
    const [{ readFile }, { gunzipSync }] = await Promise.all([
      import('node:fs/promises'),
      import('node:zlib'),
    ]);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DictionaryError(
        `the German–English dictionary ${String(file)} cannot be read (${reason}); ` +
          'regenerate it with `npx tsx packages/knowledge/scripts/build-bilingual-dictionary.ts`',
      );
    }
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return BilingualDictionary.parse((gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  };
  if (file !== DICTIONARY_FILE) return load();
  shipped ??= load().catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}
