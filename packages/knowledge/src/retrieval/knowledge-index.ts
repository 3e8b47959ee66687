/**
 * The in-memory retrieval index over knowledge items. A document's score adds these signals:
 *
 *  1. BM25F (Robertson & Zaragoza 2009) over stems in four fields: the title (the question the item
 *     answers), alternative questions, questions earlier customers asked that led to the item
 *     (learned from training pairs), and the body. Field weights make a match in a question count
 *     more than one in a long body; each field has its own length normalisation.
 *  2. Bigrams: adjacent content stems of the query found adjacent in the item ("delete account" is
 *     stronger evidence than "delete" here and "account" there).
 *  3. Character 4-grams of words, weighted up when the query's language differs from the item's:
 *     names, numbers and cognates carry a German question to an English article.
 *  4. Translations: when the bank holds items in the other language, each query stem's translations
 *     from the German–English dictionary (`BilingualDictionary`) are searched too, weighted by how
 *     dominant the sense is; per query stem only its best-matching translation counts, so an item
 *     with "invoice" and "bill" does not get "Rechnung" twice.
 *  5. Synonyms: each query stem is searched together with its same-language synonyms from the
 *     thesaurus (`Thesaurus`: WordNet, OpenThesaurus), these weighted down; per item only the best
 *     of the stem and its synonyms counts, so an item that says "erase" for "delete" is found and
 *     one that says both gains nothing. Off by default (`RankingWeights.synonym`).
 *
 * Optionally (`SearchOptions.embedding`), a sixth: the cosine between the query's embedding and the
 * items' (vectors the caller computed; this module never calls a model), for the best
 * `embeddingCandidates` items only. Without it nothing changes, not even the order of operations.
 *
 * Two neighbouring query words that items write as one ("back up" → "backup") count as a query
 * word. Items with the same title (several answers to one question) share part of their evidence,
 * and the best item with another title is the top hit's competitor for the calibration.
 *
 * Training pairs add the questions to their item's learned field and teach term associations
 * (`associations.ts`) that expand later queries.
 *
 * The index is immutable: learning rebuilds it (10,000 items in a few seconds).
 */
import type { AnalyzedText, TextAnalyzer } from '../text/analyzer.ts';
import { charNgrams } from '../text/char-ngrams.ts';
import type { DetectedLanguage, Language } from '../text/language-codes.ts';
import type { KnowledgeItem, TrainingPair } from '../types.ts';
import { TermAssociations, type LearningExample } from './associations.ts';
import { contains, PostingsBuilder, Vocabulary, type Posting } from './postings.ts';

export interface RankingWeights {
  title: number;
  alternative: number;
  learned: number;
  body: number;
  /** BM25 saturation. */
  k1: number;
  /** Weight of a query stem that is a compound part or the other language's stem. */
  expansion: number;
  /** Weight of a stem a query term is associated with (learned), times the association's confidence. */
  association: number;
  bigram: number;
  /** Character n-gram weight when query and item share a language, and when they do not. */
  ngramSameLanguage: number;
  ngramCrossLanguage: number;
  /** Weight of the other language's stems a query stem translates to, times the sense's weight. */
  translation: number;
  /** Share of an item's score replaced by the mean score of the items answering the same question. */
  sameQuestion: number;
  /** Weight of two neighbouring query words written as one ("back up" → "backup") that items use. */
  joined: number;
  /**
   * Weight of a same-language synonym of a query stem (`Thesaurus`), times the sense's weight. The
   * stem and its synonyms are scored together: per item only the best of them counts. A synonym
   * also covers its query stem for the calibration's coverage features.
   */
  synonym: number;
  /**
   * Embedding similarity (only with `SearchOptions.embedding`): a candidate gains this times the top
   * score times how much its cosine exceeds the candidates' mean (and loses as much below it), so
   * the signal reorders close candidates without overruling a clear lexical winner.
   */
  similarity: number;
  /** How many of the best lexical candidates the embedding signal looks at. */
  embeddingCandidates: number;
}

export const DEFAULT_WEIGHTS: RankingWeights = {
  title: 3,
  alternative: 3,
  learned: 2,
  body: 1,
  k1: 1.2,
  expansion: 0.5,
  association: 0.5,
  bigram: 0.5,
  ngramSameLanguage: 0.3,
  ngramCrossLanguage: 2,
  translation: 1,
  sameQuestion: 0.3,
  joined: 1,
  // Off: on the dev sets WordNet's and OpenThesaurus's synonyms neither help nor hurt measurably.
  // 0.3, 0.5, 0.7 and 1 were tried: on the fitting third 0.7 gains StackFAQ two queries at rank 1
  // and loses nothing elsewhere, but over 30 random splits every set moves by under 0.01, and the
  // words StackFAQ's questions miss (remove/delete, PC/computer, folder/directory) are not
  // synonyms there. An index may turn it on (`BuildOptions.weights`).
  synonym: 0,
  similarity: 1,
  embeddingCandidates: 20,
};

const enum Field {
  Title = 0,
  Alternative = 1,
  Learned = 2,
  Body = 3,
}
const FIELDS = [Field.Title, Field.Alternative, Field.Learned, Field.Body] as const;
/** Length normalisation per field: questions are short and alike, bodies vary a lot. */
const FIELD_B = [0.5, 0.5, 0.3, 0.75];
const NGRAM_B = 0.75;
/** Queries are cut here: no question needs more, and it bounds the time of a 100 KB one. */
export const MAX_QUERY_CHARS = 2_000;

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchResult {
  language: DetectedLanguage;
  /** Distinct content stems of the query (0: nothing to search for). */
  termCount: number;
  hits: SearchHit[];
  /** Share of the query's term weight (by idf) that the top hit contains; 0 without hits. */
  topCoverage: number;
  /** The same share counted in the top hit's questions only (title, alternative and learned ones). */
  topQuestionCoverage: number;
  /**
   * The best score of an item that answers another question than the top hit (another title;
   * items sharing a title, such as several answers to one FAQ, are one competitor); 0 when none.
   */
  competitorScore?: number;
  /**
   * With an embedding signal only: the cosine between the query's vector and the top hit's, and how
   * far it exceeds the best other candidate's (absent when the signal did not run, e.g. no vectors).
   */
  topSimilarity?: number;
  similarityMargin?: number;
}

/**
 * Vectors for the embedding signal, computed by the caller with whatever model it has (the engine
 * stays pure). Items without a vector (not embedded yet) keep their lexical score.
 */
export interface EmbeddingSignal {
  query: Float32Array;
  vectorOf(itemId: string): Float32Array | undefined;
}

export interface SearchOptions {
  language?: Language | 'auto';
  limit?: number;
  embedding?: EmbeddingSignal;
}

export interface BuildOptions {
  trainingPairs?: readonly TrainingPair[];
  weights?: Partial<RankingWeights>;
}

interface QueryTerm {
  term: string;
  weight: number;
  /** From a learned association: already in the items' own words, so not translated. */
  associated?: boolean;
}

/** The translations of one query stem: scored together, the best one per item counts. */
interface TranslationGroup {
  source: string;
  terms: QueryTerm[];
}

export class KnowledgeIndex {
  private readonly ids: string[];
  private readonly languages: Language[];
  /** Items with the same (normalised) title share a number. */
  private readonly titleKeys: Int32Array;
  /** Items per title number; undefined when every title is unique. */
  private readonly titleGroupSizes: Int32Array | undefined;
  private readonly titleSums: Float64Array;
  private readonly fields: Map<string, Posting>[];
  private readonly fieldLengths: Float32Array[];
  private readonly averageLengths: number[];
  private readonly bigrams: Map<string, Posting>;
  private readonly ngrams: Map<string, Posting>;
  private readonly ngramLengths: Float32Array;
  private readonly averageNgramLength: number;
  private readonly documentFrequency: Map<string, number>;
  private readonly weights: RankingWeights;
  private readonly associations: TermAssociations;
  // Scratch space reused by every search (JavaScript runs one search at a time).
  private readonly scores: Float64Array;
  private readonly termWeights: Float64Array;
  private readonly groupScores: Float64Array;
  /** How many items each language has: translations are searched only when the other one has some. */
  private readonly languageCounts: Record<Language, number> = { de: 0, en: 0 };

  private constructor(
    private readonly analyzer: TextAnalyzer,
    items: readonly KnowledgeItem[],
    options: BuildOptions,
  ) {
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const count = items.length;
    this.ids = items.map((item) => item.id);
    this.languages = items.map((item) => item.language);
    for (const language of this.languages) this.languageCounts[language] += 1;
    const titleNumbers = new Map<string, number>();
    this.titleKeys = Int32Array.from(items, (item) => {
      const key = item.title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
      let n = titleNumbers.get(key);
      if (n === undefined) titleNumbers.set(key, (n = titleNumbers.size));
      return n;
    });
    const sizes = new Int32Array(titleNumbers.size);
    for (const key of this.titleKeys) sizes[key]! += 1;
    this.titleGroupSizes = sizes.some((size) => size > 1) ? sizes : undefined;
    this.titleSums = new Float64Array(titleNumbers.size);
    const learned = new Map<string, string[]>();
    for (const pair of options.trainingPairs ?? []) {
      const list = learned.get(pair.itemId) ?? [];
      list.push(pair.question);
      learned.set(pair.itemId, list);
    }
    // Terms are numbered once and handled by number: hashing strings dominated indexing time.
    const vocabulary = new Vocabulary();
    const builders = FIELDS.map(() => new PostingsBuilder(vocabulary));
    const documentCounts: number[] = [];
    const lastDocument: number[] = [];
    const bigrams = new PostingsBuilder();
    const bigramIds: Map<number, number>[] = [];
    const bigramIdOf = (first: number, second: number) => {
      const row = (bigramIds[first] ??= new Map<number, number>());
      let id = row.get(second);
      if (id === undefined)
        row.set(
          second,
          (id = bigrams.vocabulary.idOf(`${vocabulary.terms[first]} ${vocabulary.terms[second]}`)),
        );
      return id;
    };
    const ngrams = new PostingsBuilder();
    this.fieldLengths = FIELDS.map(() => new Float32Array(count));
    this.ngramLengths = new Float32Array(count);
    this.documentFrequency = new Map();
    const usesNgrams = this.weights.ngramSameLanguage > 0 || this.weights.ngramCrossLanguage > 0;
    // A word's n-grams as ids, computed once per distinct word of the whole bank.
    const gramIds = new Map<string, number[]>();
    const gramIdsOf = (word: string) => {
      let ids = gramIds.get(word);
      if (!ids) gramIds.set(word, (ids = charNgrams([word]).map((gram) => ngrams.vocabulary.idOf(gram))));
      return ids;
    };
    items.forEach((item, doc) => {
      const texts: [Field, string[]][] = [
        [Field.Title, [item.title]],
        [Field.Alternative, [...(item.alternativeQuestions ?? [])]],
        [Field.Learned, learned.get(item.id) ?? []],
        [Field.Body, [item.body]],
      ];
      const words = new Set<string>();
      for (const [field, list] of texts) {
        for (const text of list) {
          const analyzed = this.analyzeForIndex(
            text,
            field === Field.Learned ? 'auto' : item.language,
            item.language,
          );
          this.fieldLengths[field]![doc]! += analyzed.terms.length;
          const builder = builders[field]!;
          const count = (id: number) => {
            if (lastDocument[id] === doc) return;
            lastDocument[id] = doc;
            documentCounts[id] = (documentCounts[id] ?? 0) + 1;
          };
          let previous = -1;
          for (const term of analyzed.terms) {
            const id = vocabulary.idOf(term);
            builder.addById(id, doc, 1);
            count(id);
            // Signals with weight 0 are never queried, so they are not indexed either.
            if (previous >= 0 && this.weights.bigram > 0) bigrams.addById(bigramIdOf(previous, id), doc, 1);
            previous = id;
          }
          for (const term of analyzed.expansions) {
            const id = vocabulary.idOf(term);
            builder.addById(id, doc, this.weights.expansion);
            count(id);
          }
          if (field !== Field.Learned && usesNgrams) for (const word of analyzed.words) words.add(word);
        }
      }
      // Distinct words only: n-grams say which words an item uses, not how often.
      let gramCount = 0;
      for (const word of words) {
        const ids = gramIdsOf(word);
        gramCount += ids.length;
        for (const id of ids) ngrams.addById(id, doc, 1);
      }
      this.ngramLengths[doc] = gramCount;
    });
    documentCounts.forEach((documents, id) => this.documentFrequency.set(vocabulary.terms[id]!, documents));
    this.fields = builders.map((builder) => builder.freeze());
    this.bigrams = bigrams.freeze();
    this.ngrams = ngrams.freeze();
    const average = (lengths: Float32Array) => {
      let sum = 0;
      for (const length of lengths) sum += length;
      return count ? Math.max(sum / count, 1) : 1;
    };
    this.averageLengths = this.fieldLengths.map(average);
    this.averageNgramLength = average(this.ngramLengths);
    this.scores = new Float64Array(count);
    this.termWeights = new Float64Array(count);
    this.groupScores = new Float64Array(count);
    this.associations = this.learnAssociations(items, options.trainingPairs ?? []);
  }

  private learnAssociations(
    items: readonly KnowledgeItem[],
    pairs: readonly TrainingPair[],
  ): TermAssociations {
    if (pairs.length === 0) return TermAssociations.none;
    const byId = new Map(items.map((item) => [item.id, item]));
    const itemTerms = new Map<string, Set<string>>();
    const examples: LearningExample[] = [];
    for (const pair of pairs) {
      const item = byId.get(pair.itemId);
      if (!item) continue;
      let terms = itemTerms.get(item.id);
      if (!terms) {
        const text = [item.title, ...(item.alternativeQuestions ?? []), item.body].join('\n');
        terms = new Set(this.analyzer.analyze(text, item.language).terms);
        itemTerms.set(item.id, terms);
      }
      const question = this.analyzeForIndex(pair.question, 'auto', item.language);
      examples.push({
        questionTerms: this.untranslatedTerms(question, item.language, terms),
        itemTerms: terms,
      });
    }
    const count = Math.max(this.ids.length, 1);
    return TermAssociations.learn(examples, (term) => (this.documentFrequency.get(term) ?? 0) / count);
  }

  /**
   * The question's stems, less those whose translation the item has: a word the item says in its
   * own language is no gap to learn an association from ("Rechnung" is not associated with
   * everything else an English item about the "invoice" contains).
   */
  private untranslatedTerms(question: AnalyzedText, language: Language, itemTerms: ReadonlySet<string>) {
    const from = question.language;
    if (from === 'unknown' || from === language) return new Set(question.terms);
    return new Set(
      question.terms.filter(
        (term) => !this.analyzer.translate(term, from).some((translation) => itemTerms.has(translation.term)),
      ),
    );
  }

  /** Builds the index over the items (and what was learned about them). */
  static build(
    analyzer: TextAnalyzer,
    items: readonly KnowledgeItem[],
    options: BuildOptions = {},
  ): KnowledgeIndex {
    return new KnowledgeIndex(analyzer, items, options);
  }

  get size(): number {
    return this.ids.length;
  }

  search(text: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 10;
    const query = this.analyzer.analyze(text.slice(0, MAX_QUERY_CHARS), options.language ?? 'auto');
    const terms = this.queryTerms(query, text.slice(0, MAX_QUERY_CHARS));
    if (terms.length === 0 || this.ids.length === 0)
      return { language: query.language, termCount: 0, hits: [], topCoverage: 0, topQuestionCoverage: 0 };

    const scores = this.scores;
    scores.fill(0);
    const synonyms = this.synonymGroups(query, terms);
    const withSynonyms = new Set(synonyms.map((group) => group.source));
    for (const { term, weight } of terms) if (!withSynonyms.has(term)) this.addBm25f(term, weight);
    for (const group of synonyms) this.addTranslations(group);
    const translations = this.translationGroups(query, terms);
    for (const group of translations) this.addTranslations(group);
    // A query stem is covered (calibration features) by a synonym as by a translation.
    const alternatives = [...translations, ...synonyms];
    this.addBigrams(query.terms);
    this.addNgrams(query);
    this.poolSameQuestion();
    const similarities = options.embedding ? this.addSimilarity(options.embedding) : undefined;

    const top = topK(scores, limit);
    const hits = top.map((doc) => ({ id: this.ids[doc]!, score: scores[doc]! }));
    const topCoverage = top.length ? this.coverage(terms, alternatives, top[0]!, this.fields) : 0;
    const topQuestionCoverage = top.length
      ? this.coverage(terms, alternatives, top[0]!, this.fields.slice(0, Field.Body))
      : 0;
    const competitor = top.length ? this.competitorOf(top[0]!) : -1;
    const competitorScore = competitor >= 0 ? scores[competitor]! : 0;

    const result: SearchResult = {
      language: query.language,
      termCount: terms.length,
      hits,
      topCoverage,
      topQuestionCoverage,
      competitorScore,
    };
    const topSimilarity = top.length ? similarities?.get(top[0]!) : undefined;
    if (similarities && topSimilarity !== undefined) {
      let runnerUp = -1;
      for (const [doc, value] of similarities) if (doc !== top[0] && value > runnerUp) runnerUp = value;
      result.topSimilarity = topSimilarity;
      result.similarityMargin = runnerUp > -1 ? topSimilarity - runnerUp : 0;
    }
    return result;
  }

  /**
   * The embedding signal on the best lexical candidates: each one with a vector moves by its cosine's
   * distance from the candidates' mean, scaled by the top score (scores have no fixed range). Returns
   * the cosines by document; undefined when no candidate has a vector.
   */
  private addSimilarity(signal: EmbeddingSignal): Map<number, number> | undefined {
    const candidates = topK(this.scores, this.weights.embeddingCandidates);
    if (candidates.length === 0 || this.weights.similarity === 0) return undefined;
    const similarities = new Map<number, number>();
    for (const doc of candidates) {
      const vector = signal.vectorOf(this.ids[doc]!);
      if (vector) similarities.set(doc, cosine(signal.query, vector));
    }
    if (similarities.size === 0) return undefined;
    let mean = 0;
    for (const value of similarities.values()) mean += value;
    mean /= similarities.size;
    const scale = this.weights.similarity * this.scores[candidates[0]!]!;
    // A candidate stays a candidate: its score is kept above zero, where topK would drop it.
    for (const [doc, value] of similarities)
      this.scores[doc] = Math.max(this.scores[doc]! + scale * (value - mean), 1e-9);
    return similarities;
  }

  /**
   * Several answers to one question (items with the same title) share their evidence: each keeps
   * part of its own score and takes the rest from the mean of its question's answers, so a question
   * whose answers all speak of "remove" beats one where a single answer mentions it in passing.
   */
  private poolSameQuestion(): void {
    const share = this.weights.sameQuestion;
    if (share === 0 || !this.titleGroupSizes) return;
    const sums = this.titleSums;
    sums.fill(0);
    const keys = this.titleKeys;
    const scores = this.scores;
    for (let doc = 0; doc < scores.length; doc++) sums[keys[doc]!]! += scores[doc]!;
    for (let doc = 0; doc < scores.length; doc++) {
      const size = this.titleGroupSizes[keys[doc]!]!;
      if (size > 1) scores[doc] = (1 - share) * scores[doc]! + (share * sums[keys[doc]!]!) / size;
    }
  }

  /** The best-scoring item whose title differs from `doc`'s; -1 when none has a score. */
  private competitorOf(doc: number): number {
    const key = this.titleKeys[doc]!;
    let best = 0;
    let competitor = -1;
    for (let other = 0; other < this.scores.length; other++) {
      const score = this.scores[other]!;
      if (score > best && this.titleKeys[other] !== key) {
        best = score;
        competitor = other;
      }
    }
    return competitor;
  }

  private analyzeForIndex(text: string, language: Language | 'auto', fallback: Language): AnalyzedText {
    const analyzed = this.analyzer.analyze(text, language);
    return analyzed.language === 'unknown' ? this.analyzer.analyze(text, fallback) : analyzed;
  }

  private queryTerms(query: AnalyzedText, text: string): QueryTerm[] {
    const weights = new Map<string, number>();
    const associated = new Set<string>();
    for (const term of query.terms) weights.set(term, 1);
    // Only joins that some item uses: most neighbours joined are no word at all.
    if (this.weights.joined > 0 && query.language !== 'unknown')
      for (const term of this.analyzer.joinedNeighbours(text, query.language))
        if (!weights.has(term) && this.documentFrequency.has(term)) weights.set(term, this.weights.joined);
    for (const term of query.expansions) if (!weights.has(term)) weights.set(term, this.weights.expansion);
    for (const term of query.terms) {
      for (const association of this.associations.of(term)) {
        const weight = this.weights.association * association.weight;
        if ((weights.get(association.term) ?? 0) < weight) {
          weights.set(association.term, weight);
          associated.add(association.term);
        }
      }
    }
    return [...weights].map(([term, weight]) =>
      associated.has(term) ? { term, weight, associated: true } : { term, weight },
    );
  }

  /**
   * The query stems' translations into the other language, when the bank has items in it. Compound
   * parts translate too, at their lower weight; a translation the query already asks for is left out.
   */
  /**
   * Each query stem with its same-language synonyms that items use, as one group: an item scores by
   * the best of them, so one that says "erase" for "delete" is found, and one that says both gains
   * nothing. Learned associations are already the items' words; expansions are weak evidence already.
   */
  private synonymGroups(query: AnalyzedText, terms: readonly QueryTerm[]): TranslationGroup[] {
    const language = query.language;
    if (this.weights.synonym === 0 || language === 'unknown') return [];
    const asked = new Set(terms.map((term) => term.term));
    const groups: TranslationGroup[] = [];
    for (const { term, weight, associated } of terms) {
      if (associated || weight < 1) continue;
      const group: QueryTerm[] = [{ term, weight }];
      for (const synonym of this.analyzer.synonyms(term, language)) {
        if (asked.has(synonym.term) || !this.documentFrequency.has(synonym.term)) continue;
        group.push({ term: synonym.term, weight: this.weights.synonym * weight * synonym.weight });
      }
      if (group.length > 1) groups.push({ source: term, terms: group });
    }
    return groups;
  }

  private translationGroups(query: AnalyzedText, terms: readonly QueryTerm[]): TranslationGroup[] {
    const from = query.language;
    if (this.weights.translation === 0 || from === 'unknown') return [];
    if (this.languageCounts[from === 'de' ? 'en' : 'de'] === 0) return [];
    const asked = new Set(terms.map((term) => term.term));
    const groups: TranslationGroup[] = [];
    for (const { term, weight, associated } of terms) {
      if (associated) continue;
      const translated: QueryTerm[] = [];
      for (const translation of this.analyzer.translate(term, from)) {
        if (asked.has(translation.term) || !this.documentFrequency.has(translation.term)) continue;
        translated.push({
          term: translation.term,
          weight: this.weights.translation * weight * translation.weight,
        });
      }
      if (translated.length) groups.push({ source: term, terms: translated });
    }
    return groups;
  }

  /** A translation group's BM25F: per item, its best translation's score. */
  private addTranslations(group: TranslationGroup): void {
    const touched: number[] = [];
    for (const { term, weight } of group.terms) this.addBm25f(term, weight, touched);
    for (const doc of touched) {
      this.scores[doc]! += this.groupScores[doc]!;
      this.groupScores[doc] = 0;
    }
  }

  private idf(documentFrequency: number): number {
    const count = this.ids.length;
    return Math.log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /**
   * Adds a term's BM25F score to every item that has it; with `group`, keeps the per-item maximum
   * in `groupScores` instead (the caller adds it), listing the items it touched.
   */
  private addBm25f(term: string, queryWeight: number, group?: number[]): void {
    const documentFrequency = this.documentFrequency.get(term);
    if (!documentFrequency) return;
    const idf = this.idf(documentFrequency) * queryWeight;
    const combined = this.termWeights;
    const touched: number[] = [];
    const fieldWeights = [
      this.weights.title,
      this.weights.alternative,
      this.weights.learned,
      this.weights.body,
    ];
    for (const field of FIELDS) {
      const posting = this.fields[field]!.get(term);
      if (!posting) continue;
      const lengths = this.fieldLengths[field]!;
      const average = this.averageLengths[field]!;
      const b = FIELD_B[field]!;
      const weight = fieldWeights[field]!;
      for (let i = 0; i < posting.docs.length; i++) {
        const doc = posting.docs[i]!;
        if (combined[doc] === 0) touched.push(doc);
        combined[doc]! += (weight * posting.weights[i]!) / (1 - b + (b * lengths[doc]!) / average);
      }
    }
    const k1 = this.weights.k1;
    for (const doc of touched) {
      const tf = combined[doc]!;
      const score = (idf * tf * (k1 + 1)) / (k1 + tf);
      combined[doc] = 0;
      if (!group) this.scores[doc]! += score;
      else {
        const best = this.groupScores[doc]!;
        if (best === 0) group.push(doc);
        if (score > best) this.groupScores[doc] = score;
      }
    }
  }

  private addBigrams(terms: readonly string[]): void {
    if (this.weights.bigram === 0) return;
    const seen = new Set<string>();
    for (let i = 1; i < terms.length; i++) {
      const bigram = `${terms[i - 1]} ${terms[i]}`;
      if (seen.has(bigram)) continue;
      seen.add(bigram);
      const posting = this.bigrams.get(bigram);
      if (!posting) continue;
      const weight = this.weights.bigram * this.idf(posting.docs.length);
      for (let j = 0; j < posting.docs.length; j++) {
        const tf = posting.weights[j]!;
        this.scores[posting.docs[j]!]! += (weight * tf * 2.2) / (1.2 + tf);
      }
    }
  }

  private addNgrams(query: AnalyzedText): void {
    const { ngramSameLanguage, ngramCrossLanguage } = this.weights;
    if (ngramSameLanguage === 0 && ngramCrossLanguage === 0) return;
    const grams = [...new Set(charNgrams([...new Set(query.words)]))];
    if (grams.length === 0) return;
    // Scaled to the query's word count, so n-grams weigh like one more match per word, not per gram.
    const scale = new Set(query.words).size / grams.length;
    for (const gram of grams) {
      const posting = this.ngrams.get(gram);
      if (!posting) continue;
      const idf = this.idf(posting.docs.length) * scale;
      for (let i = 0; i < posting.docs.length; i++) {
        const doc = posting.docs[i]!;
        const norm = 1 - NGRAM_B + (NGRAM_B * this.ngramLengths[doc]!) / this.averageNgramLength;
        const weight = this.languages[doc] === query.language ? ngramSameLanguage : ngramCrossLanguage;
        this.scores[doc]! += (weight * idf * 2.2) / (1.2 + norm);
      }
    }
  }

  private coverage(
    terms: readonly QueryTerm[],
    translations: readonly TranslationGroup[],
    doc: number,
    fields: readonly Map<string, Posting>[],
  ): number {
    let total = 0;
    let matched = 0;
    const has = (term: string) =>
      fields.some((field) => {
        const posting = field.get(term);
        return posting !== undefined && contains(posting, doc);
      });
    // A query stem is covered by the item when one of its translations or synonyms is.
    const translated = new Map<string, QueryTerm[]>();
    for (const group of translations)
      translated.set(group.source, [...(translated.get(group.source) ?? []), ...group.terms]);
    for (const { term, weight } of terms) {
      // Expansions (compound parts, the other language's stem) are optional evidence, not asked for.
      if (weight < 1) continue;
      const documentFrequency = this.documentFrequency.get(term);
      // A term no item uses still counts against coverage: the question asks for something unknown.
      const idf = documentFrequency ? this.idf(documentFrequency) : this.idf(0);
      total += idf;
      if (
        (documentFrequency && has(term)) ||
        translated.get(term)?.some((translation) => has(translation.term))
      )
        matched += idf;
    }
    return total > 0 ? matched / total : 0;
  }
}

/** Cosine of two vectors; 0 when their lengths differ (another model) or one is all zeros. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  const norm = Math.sqrt(normA * normB);
  return norm > 0 && Number.isFinite(dot) ? dot / norm : 0;
}

/** The `limit` best documents with a positive score, best first. */
function topK(scores: Float64Array, limit: number): number[] {
  const top: number[] = [];
  let floor = 0;
  for (let doc = 0; doc < scores.length; doc++) {
    const score = scores[doc]!;
    if (score <= floor && top.length >= limit) continue;
    if (score <= 0) continue;
    let at = top.length;
    while (at > 0 && scores[top[at - 1]!]! < score) at--;
    top.splice(at, 0, doc);
    if (top.length > limit) top.pop();
    if (top.length >= limit) floor = scores[top[top.length - 1]!]!;
  }
  return top;
}
