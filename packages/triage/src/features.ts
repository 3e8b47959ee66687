/**
 * Sparse features of a message for the linear models: the knowledge analyzer's stems (unigrams and
 * neighbouring bigrams, stopwords removed) and character 3–5-grams of the normalised, folded text
 * (stopwords kept: "how do i" vs "can i" carries intent, and n-grams survive typos and inflection).
 * Each example becomes a bag of feature strings; a `Vocabulary` learned on the training data turns
 * them into indices, and values are binary (optionally weighted by idf) then L2-normalised per group,
 * so a long message does not outweigh a short one.
 */
import { fold, tokenize, type Language, type TextAnalyzer } from '@sofortdesk/knowledge';

export interface FeatureOptions {
  /** Character n-gram sizes (inclusive); default 3..5. */
  charMin?: number;
  charMax?: number;
  /** Weight of the word group against the character group (each group has unit length). */
  wordWeight?: number;
  /** Bigrams of the folded words, stopwords kept ("how do", "did not"). */
  rawBigrams?: boolean;
  /** The folded words themselves, stopwords kept ("how", "why", "not": the analyzer drops them). */
  rawUnigrams?: boolean;
  /**
   * Weight each feature by its inverse document frequency in the training data (TF-IDF with binary
   * tf): a character n-gram that every message has ("the ", " my ") says less than a rare one.
   */
  idf?: boolean;
}

/** Bounds the work for a very long message: a customer's question fits in far fewer characters. */
const MAX_CHARS = 2_000;

export interface FeatureBag {
  words: string[];
  chars: string[];
}

/** The feature strings of one text (deduplicated within each group). */
export function extractFeatures(
  analyzer: TextAnalyzer,
  text: string,
  language: Language | 'auto' = 'auto',
  options: FeatureOptions = {},
): FeatureBag {
  const sample = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const { terms } = analyzer.analyze(sample, language);
  const words = new Set<string>();
  for (let i = 0; i < terms.length; i++) {
    words.add(`w:${terms[i]}`);
    if (i > 0) words.add(`b:${terms[i - 1]} ${terms[i]}`);
  }
  const min = options.charMin ?? 3;
  const max = options.charMax ?? 5;
  const chars = new Set<string>();
  const folded = tokenize(sample).map(fold);
  if (options.rawUnigrams ?? false) for (const word of folded) words.add(`u:${word}`);
  // Word bigrams with stopwords kept ("how do", "did not"): function words that carry intent.
  if (options.rawBigrams ?? false)
    for (let i = 1; i < folded.length; i++) words.add(`r:${folded[i - 1]} ${folded[i]}`);
  const normalised = ` ${folded.join(' ')} `;
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= normalised.length; i++) chars.add(normalised.slice(i, i + n));
  }
  return { words: [...words], chars: [...chars] };
}

/** A sparse vector: feature indices with their values (same length). */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** Feature string → column; frozen after training, unknown features are dropped at prediction. */
export class Vocabulary {
  private constructor(
    private readonly index: Map<string, number>,
    /** Per column: the feature's weight (its idf, or 1). */
    private readonly weights?: Float32Array,
  ) {}

  get size(): number {
    return this.index.size;
  }

  /**
   * The features seen in at least `minCount` training examples (word features: at least once):
   * rare character n-grams are mostly one example's typos, and bound the model's size. With `idf`
   * each column is weighted by ln((n + 1) / (df + 1)) + 1 (smoothed, as scikit-learn does).
   */
  static build(bags: readonly FeatureBag[], minCount = 2, options: { idf?: boolean } = {}): Vocabulary {
    const counts = new Map<string, number>();
    for (const bag of bags) for (const f of bag.chars) counts.set(f, (counts.get(f) ?? 0) + 1);
    const index = new Map<string, number>();
    const wordCounts = new Map<string, number>();
    for (const bag of bags)
      for (const f of bag.words) {
        if (!index.has(f)) index.set(f, index.size);
        wordCounts.set(f, (wordCounts.get(f) ?? 0) + 1);
      }
    for (const [f, count] of counts) if (count >= minCount) index.set(f, index.size);
    if (!options.idf) return new Vocabulary(index);
    const weights = new Float32Array(index.size);
    for (const [f, i] of index) {
      const df = wordCounts.get(f) ?? counts.get(f) ?? 0;
      weights[i] = Math.log((bags.length + 1) / (df + 1)) + 1;
    }
    return new Vocabulary(index, weights);
  }

  /** Extra named features (such as lexicon scores) get a column each. */
  withExtra(names: readonly string[]): Vocabulary {
    const index = new Map(this.index);
    for (const name of names) if (!index.has(name)) index.set(name, index.size);
    if (!this.weights) return new Vocabulary(index);
    // Extra features keep their own scale (weight 1).
    const weights = new Float32Array(index.size).fill(1);
    weights.set(this.weights);
    return new Vocabulary(index, weights);
  }

  vectorize(bag: FeatureBag, wordWeight = 1, extra: Record<string, number> = {}): SparseVector {
    const indices: number[] = [];
    const values: number[] = [];
    const idf = this.weights;
    const add = (features: readonly string[], weight: number) => {
      const known = features.map((f) => this.index.get(f)).filter((i): i is number => i !== undefined);
      if (!known.length) return;
      if (!idf) {
        const value = weight / Math.sqrt(known.length);
        for (const i of known) {
          indices.push(i);
          values.push(value);
        }
        return;
      }
      let squares = 0;
      for (const i of known) squares += idf[i]! * idf[i]!;
      const norm = weight / Math.sqrt(squares);
      for (const i of known) {
        indices.push(i);
        values.push(idf[i]! * norm);
      }
    };
    add(bag.words, wordWeight);
    add(bag.chars, 1);
    for (const [name, value] of Object.entries(extra)) {
      const i = this.index.get(name);
      if (i !== undefined && value !== 0) {
        indices.push(i);
        values.push(value);
      }
    }
    // A bias column every example has, so class priors need no special case.
    indices.push(this.size);
    values.push(1);
    return { indices: Uint32Array.from(indices), values: Float32Array.from(values) };
  }

  /** Columns including the bias. */
  get columns(): number {
    return this.size + 1;
  }
}
