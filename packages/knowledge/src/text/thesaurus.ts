/**
 * Same-language synonyms behind the engine's synonym signal: a stem → stems of the same language that
 * say the same thing, each with a weight (the share of the word's senses where it does). A question
 * about "erasing" thereby also asks for "delete", one about "löschen" for "entfernen".
 *
 * The data is packages/knowledge/dictionary/thesaurus.gz, derived from WordNet 3.0 (English, WordNet
 * licence) and OpenThesaurus (German, LGPL-2.1-or-later) by scripts/build-thesaurus.ts; see
 * dictionary/README.md. It ships with the code: nothing is downloaded at run time.
 */
import type { Language } from './language-codes.ts';

export interface Synonym {
  /** A stem of the same language, as the analyzer makes it. */
  term: string;
  /** 0..1: the share of the source word's senses in which this one is its synonym. */
  weight: number;
}

export const THESAURUS_FILE = new URL('../../dictionary/thesaurus.gz', import.meta.url);

const NONE: readonly Synonym[] = Object.freeze([]);

/** One language's lines, kept as the file's text: binary search over the sorted stems. */
interface Section {
  text: string;
  /** Start of each line in `text`, in the file's (sorted) order. */
  starts: Int32Array;
  /** Lines parsed so far: most of 90,000 stems are never asked for. */
  parsed: Map<string, readonly Synonym[]>;
}

const emptySection = (): Section => ({ text: '', starts: new Int32Array(0), parsed: new Map() });

export class Thesaurus {
  /**
   * The text stays one string (about 5 MB) with an index of line starts, instead of 90,000 map
   * entries (about 19 MB of heap): the thesaurus adds little beside the bilingual dictionary.
   */
  private constructor(private readonly sections: Record<Language, Section>) {}

  static readonly empty = new Thesaurus({ de: emptySection(), en: emptySection() });

  /**
   * Parses the text format: `@en` and `@de` start a language; each line is
   * `stem<TAB>synonym:weight synonym:weight …` with weights in hundredths; `#` starts a comment.
   * Lines need not be sorted: they are sorted here by stem when they are not.
   */
  static parse(text: string): Thesaurus {
    const lines: Record<Language, string[]> = { de: [], en: [] };
    let section: string[] | undefined;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      if (line === '@en') section = lines.en;
      else if (line === '@de') section = lines.de;
      else if (section && line.indexOf('\t') > 0 && !line.startsWith('#')) section.push(line);
    }
    const build = (list: string[]): Section => {
      const stemOf = (line: string) => line.slice(0, line.indexOf('\t'));
      const sorted = list.every((line, i) => i === 0 || stemOf(list[i - 1]!) < stemOf(line));
      if (!sorted) list.sort((a, b) => (stemOf(a) < stemOf(b) ? -1 : stemOf(a) > stemOf(b) ? 1 : 0));
      const starts = new Int32Array(list.length);
      let at = 0;
      list.forEach((line, i) => {
        starts[i] = at;
        at += line.length + 1;
      });
      // One flat string: slices of the file would keep every line a separate object.
      return { text: list.join('\n'), starts, parsed: new Map() };
    };
    return new Thesaurus({ de: build(lines.de), en: build(lines.en) });
  }

  /** How many stems each language knows. */
  get size(): Record<Language, number> {
    return { de: this.sections.de.starts.length, en: this.sections.en.starts.length };
  }

  /** The synonyms of a stem of `language`, strongest first; [] when unknown. */
  synonyms(stem: string, language: Language): readonly Synonym[] {
    const section = this.sections[language];
    const cached = section.parsed.get(stem);
    if (cached) return cached;
    const row = findRow(section, stem);
    if (row === undefined) return NONE;
    const parsed = row.split(' ').flatMap((pair) => {
      const colon = pair.lastIndexOf(':');
      const weight = Number(pair.slice(colon + 1)) / 100;
      return colon > 0 && weight > 0 ? [{ term: pair.slice(0, colon), weight: Math.min(weight, 1) }] : [];
    });
    // Bounded: a long-running process asks for a vocabulary, not for the whole thesaurus.
    if (section.parsed.size >= PARSED_LIMIT) section.parsed.clear();
    section.parsed.set(stem, parsed);
    return parsed;
  }
}

const PARSED_LIMIT = 50_000;

/** The synonyms part of `stem`'s line, by binary search over the sorted lines; undefined when absent. */
function findRow(section: Section, stem: string): string | undefined {
  const { text, starts } = section;
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = starts[middle]!;
    const tab = text.indexOf('\t', start);
    const key = text.slice(start, tab);
    if (key === stem) {
      const end = middle + 1 < starts.length ? starts[middle + 1]! - 1 : text.length;
      return text.slice(tab + 1, end);
    }
    if (key < stem) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

export class ThesaurusError extends Error {}

let shipped: Promise<Thesaurus> | undefined;

/**
 * Loads a thesaurus file (gzip or plain text). The shipped one is loaded once per process, on the
 * first call. A missing or unreadable file is a clear error, not an empty thesaurus: retrieval
 * would silently get worse.
 */
export function loadThesaurus(file: URL | string = THESAURUS_FILE): Promise<Thesaurus> {
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
      throw new ThesaurusError(
        `the thesaurus ${String(file)} cannot be read (${reason}); ` +
          'regenerate it with `npx tsx packages/knowledge/scripts/build-thesaurus.ts`',
      );
    }
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return Thesaurus.parse((gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  };
  if (file !== THESAURUS_FILE) return load();
  shipped ??= load().catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}
