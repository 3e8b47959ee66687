/**
 * The text analysis behind indexing and querying: normalise → tokenise → fold → drop stopwords →
 * Snowball stem, plus German compound parts. Indexing and querying must analyse alike, so both go
 * through one `TextAnalyzer`.
 */
import snowball, { type Stemmer } from 'snowball-stemmers';
import { BilingualDictionary, loadBilingualDictionary, type Translation } from './bilingual-dictionary.ts';
import { splitCompound, loadGermanLexicon, type Lexicon } from './compounds.ts';
import { detectLanguage } from './language.ts';
import type { DetectedLanguage, Language } from './language-codes.ts';
import { fold, tokenize } from './normalize.ts';
import { isAnyStopword, isStopword } from './stopwords.ts';
import { loadThesaurus, Thesaurus, type Synonym } from './thesaurus.ts';

export interface AnalyzedText {
  /** The language the text was analysed as (given, or detected). */
  language: DetectedLanguage;
  /** Content stems in text order (stopwords removed): what words, bigrams and fields match on. */
  terms: string[];
  /** Further stems at no position: compound parts and their joins, the other language's stem. */
  expansions: string[];
  /** Folded content words before stemming: the material for cross-lingual character n-grams. */
  words: string[];
}

/** Bounded memo tables: the Snowball port needs ~20 µs a word, a vocabulary repeats itself. */
const CACHE_LIMIT = 200_000;

class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly compute: (key: string) => V) {}
  get(key: string): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= CACHE_LIMIT) this.map.clear();
      value = this.compute(key);
      this.map.set(key, value);
    }
    return value;
  }
}

export class TextAnalyzer {
  private readonly stemmers: Record<Language, Memo<string>>;
  private readonly compounds: Memo<string[]>;

  /**
   * @param lexicon German words for compound splitting; without it compounds stay whole.
   * @param dictionary German ↔ English stems for cross-lingual retrieval; without it none.
   * @param thesaurus same-language synonyms; without it none.
   */
  constructor(
    readonly lexicon?: Lexicon,
    readonly dictionary: BilingualDictionary = BilingualDictionary.empty,
    readonly thesaurus: Thesaurus = Thesaurus.empty,
  ) {
    const memo = (stemmer: Stemmer) => new Memo((word) => stemmer.stem(word));
    this.stemmers = { de: memo(snowball.newStemmer('german')), en: memo(snowball.newStemmer('english')) };
    this.compounds = new Memo((word) => (lexicon ? splitCompound(word, lexicon) : []));
  }

  /**
   * An analyzer with the German lexicon (compound splitting) and the German–English dictionary; with
   * `thesaurus`, also the same-language synonyms. They are off by default (`RankingWeights.synonym`
   * is 0: they did not help on the dev sets), so the thesaurus is loaded only when asked for.
   */
  static async create(options: { thesaurus?: boolean } = {}): Promise<TextAnalyzer> {
    const [lexicon, dictionary, thesaurus] = await Promise.all([
      loadGermanLexicon(),
      loadBilingualDictionary(),
      options.thesaurus ? loadThesaurus() : Thesaurus.empty,
    ]);
    return new TextAnalyzer(lexicon, dictionary, thesaurus);
  }

  /** Stems of the same language that are synonyms of a stem (see `Thesaurus`). */
  synonyms(stem: string, language: Language): readonly Synonym[] {
    return this.thesaurus.synonyms(stem, language);
  }

  /** The other language's stems for a stem of `from` (see `BilingualDictionary`). */
  translate(stem: string, from: Language): readonly Translation[] {
    return this.dictionary.translate(stem, from);
  }

  /** The Snowball stem of a folded word. Digits stay as they are. */
  stem(word: string, language: Language): string {
    if (/^\d/.test(word)) return word;
    return this.stemmers[language].get(word);
  }

  /**
   * Analyses a text as `language`, or detects it (`auto`). Text of unknown language is stemmed as
   * English and German both, so it still meets either.
   */
  analyze(text: string, language: Language | 'auto' | 'unknown' = 'auto'): AnalyzedText {
    const detected: DetectedLanguage = language === 'auto' ? detectLanguage(text) : language;
    const terms: string[] = [];
    const expansions: string[] = [];
    const words: string[] = [];
    for (const token of tokenize(text)) {
      const word = fold(token);
      if (detected === 'unknown' ? isAnyStopword(word) : isStopword(word, detected)) continue;
      words.push(word);
      const primary = detected === 'de' ? 'de' : 'en';
      const stem = this.stem(word, primary);
      terms.push(stem);
      if (detected === 'unknown') {
        const german = this.stem(word, 'de');
        if (german !== stem) expansions.push(german);
      }
      if (detected !== 'en') this.addCompoundParts(word, expansions);
    }
    return { language: detected, terms, expansions, words };
  }

  /**
   * Stems of neighbouring words written together ("back up" → "backup", "e mail" → "email"), stopwords
   * included: a question may split what an article writes as one word. Query-side only; the caller
   * keeps those its vocabulary knows.
   */
  joinedNeighbours(text: string, language: Language): string[] {
    const words = tokenize(text).map(fold);
    const joined: string[] = [];
    for (let i = 1; i < words.length; i++) {
      const word = words[i - 1]! + words[i]!;
      if (word.length >= 5 && !/^\d+$/.test(word)) joined.push(this.stem(word, language));
    }
    return joined;
  }

  /** Parts of a compound and every join of neighbouring parts ("kredit|karten" → "kreditkart"). */
  private addCompoundParts(word: string, into: string[]): void {
    const parts = this.compounds.get(word);
    for (let from = 0; from < parts.length; from++) {
      let joined = '';
      for (let to = from; to < parts.length; to++) {
        joined += parts[to];
        if (joined.length < word.length) into.push(this.stem(joined, 'de'));
      }
    }
  }
}
