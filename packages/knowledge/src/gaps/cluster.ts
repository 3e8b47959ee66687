/**
 * Knowledge gaps: groups recurring customer questions that got no confident answer, so the service
 * lead sees which articles are missing. Pure and deterministic (the same questions give the same
 * clusters with the same ids).
 *
 * Each question becomes a TF-IDF vector over its analyzer stems (compound parts at half weight, so
 * "Lieferadresse" meets "Adresse"), L2-normalised. Clustering is greedy leader clustering against
 * running centroids (cosine ≥ `threshold` joins the best cluster, otherwise starts a new one),
 * followed by one reassignment pass that moves each question to its nearest final centroid: early
 * questions are no longer stuck with the centroid they happened to meet first. Questions are visited
 * in a fixed order (most content terms first, then id), so input order does not matter. An inverted
 * index from term to clusters keeps it near-linear: 5,000 questions take well under a second.
 */
import type { TextAnalyzer } from '../text/analyzer.ts';
import { fold, tokenize } from '../text/normalize.ts';

export interface GapQuestion {
  /** The caller's id (a conversation id); ties in ordering are broken by it. */
  id: string;
  text: string;
}

export interface GapCluster {
  /** Stable for the same members: a hash of their sorted ids. */
  id: string;
  /** The cluster's top terms, as customers wrote them ("passwort · zurücksetzen"). */
  label: string;
  terms: string[];
  /** The most typical question (closest to the centroid). */
  typical: GapQuestion;
  /** Members, most typical first. */
  questions: GapQuestion[];
}

export interface GapClusteringOptions {
  /** Cosine similarity to a centroid needed to join it (default 0.45). */
  threshold?: number;
  /** Clusters smaller than this are dropped (default 2: a gap is a recurring question). */
  minSize?: number;
  /** How many top terms make the label (default 3). */
  labelTerms?: number;
}

export const DEFAULT_GAP_THRESHOLD = 0.45;
/** Questions are cut here: the first lines say what is asked, and it bounds the time. */
const MAX_QUESTION_CHARS = 1_000;
const EXPANSION_WEIGHT = 0.5;

type Vector = Map<string, number>;

interface Prepared {
  question: GapQuestion;
  vector: Vector;
  /** For each stem, the surface words it came from (lower case, umlauts kept). */
  surfaces: Map<string, string>;
}

interface Working {
  members: number[];
  sum: Vector;
  normSquared: number;
}

export function clusterQuestions(
  analyzer: TextAnalyzer,
  questions: readonly GapQuestion[],
  options: GapClusteringOptions = {},
): GapCluster[] {
  const threshold = options.threshold ?? DEFAULT_GAP_THRESHOLD;
  const minSize = options.minSize ?? 2;
  const labelTerms = options.labelTerms ?? 3;

  // Term counts per question, before idf is known.
  const raw = questions.map((question) => {
    const text = question.text.slice(0, MAX_QUESTION_CHARS);
    const analyzed = analyzer.analyze(text, 'auto');
    const counts = new Map<string, number>();
    for (const term of analyzed.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const term of analyzed.expansions) if (!counts.has(term)) counts.set(term, EXPANSION_WEIGHT);
    // terms and words are aligned one to one; the original token keeps its umlauts for the label.
    const original = new Map<string, string>();
    for (const token of tokenize(text)) if (!original.has(fold(token))) original.set(fold(token), token);
    const surfaces = new Map<string, string>();
    analyzed.terms.forEach((term, i) => {
      const word = analyzed.words[i]!;
      if (!surfaces.has(term)) surfaces.set(term, original.get(word) ?? word);
    });
    return { question, counts, surfaces };
  });

  const documentFrequency = new Map<string, number>();
  for (const { counts } of raw)
    for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const total = raw.length;
  // Smoothed idf; a term every question shares still weighs a little (never zero or negative).
  const idf = (term: string) => Math.log((total + 1) / ((documentFrequency.get(term) ?? 0) + 1)) + 1;

  const prepared: Prepared[] = raw.map(({ question, counts, surfaces }) => {
    const vector: Vector = new Map();
    let norm = 0;
    for (const [term, count] of counts) {
      // A term no other question uses cannot link this question to any other; it would only
      // dilute the cosine (order numbers, names, typos). Dropped, as min_df = 2 does.
      if (documentFrequency.get(term)! < 2) continue;
      const weight = (1 + Math.log(count)) * idf(term);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
    return { question, vector, surfaces };
  });

  // Fixed visiting order: questions with more content first (they make better leaders), then by id.
  const order = prepared
    .map((_, i) => i)
    .filter((i) => prepared[i]!.vector.size > 0)
    .sort(
      (a, b) =>
        prepared[b]!.vector.size - prepared[a]!.vector.size ||
        compare(prepared[a]!.question.id, prepared[b]!.question.id) ||
        compare(prepared[a]!.question.text, prepared[b]!.question.text),
    );

  // Pass 1: leader clustering against running centroids.
  const clusters: Working[] = [];
  const postings = new Map<string, Set<number>>();
  for (const i of order) {
    const vector = prepared[i]!.vector;
    const best = nearest(vector, clusters, postings);
    if (best && best.similarity >= threshold)
      addTo(clusters[best.cluster]!, best.cluster, i, vector, postings);
    else {
      const id = clusters.length;
      clusters.push({ members: [], sum: new Map(), normSquared: 0 });
      addTo(clusters[id]!, id, i, vector, postings);
    }
  }

  // Pass 2: each question to its nearest final centroid (a question stays alone when none is close).
  const assignment = new Map<number, number[]>();
  for (const i of order) {
    const vector = prepared[i]!.vector;
    const best = nearest(vector, clusters, postings);
    const target = best && best.similarity >= threshold ? best.cluster : -1 - i;
    const list = assignment.get(target) ?? [];
    list.push(i);
    assignment.set(target, list);
  }

  const result: GapCluster[] = [];
  for (const members of assignment.values()) {
    if (members.length < minSize) continue;
    const centroid: Vector = new Map();
    for (const i of members)
      for (const [term, weight] of prepared[i]!.vector)
        centroid.set(term, (centroid.get(term) ?? 0) + weight);
    const norm = Math.sqrt([...centroid.values()].reduce((sum, w) => sum + w * w, 0)) || 1;
    const typicality = (i: number) => {
      let dot = 0;
      for (const [term, weight] of prepared[i]!.vector) dot += weight * (centroid.get(term) ?? 0);
      return dot / norm;
    };
    const scored = members.map((i) => ({ i, score: typicality(i) }));
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        prepared[a.i]!.question.text.length - prepared[b.i]!.question.text.length ||
        compare(prepared[a.i]!.question.id, prepared[b.i]!.question.id),
    );
    // Top terms by centroid weight times the share of members that use them: words that recur.
    const share = new Map<string, number>();
    for (const i of members)
      for (const term of prepared[i]!.surfaces.keys()) share.set(term, (share.get(term) ?? 0) + 1);
    const terms = [...share.keys()]
      .map((term) => ({ term, weight: (centroid.get(term) ?? 0) * share.get(term)! }))
      .sort((a, b) => b.weight - a.weight || compare(a.term, b.term))
      .slice(0, labelTerms)
      .map(({ term }) => surfaceOf(term, members, prepared));
    const ids = members.map((i) => prepared[i]!.question.id).sort(compare);
    const ordered = scored.map(({ i }) => prepared[i]!.question);
    result.push({
      id: `gap-${stableHash(ids.join('\n')).toString(36)}`,
      label: terms.join(' · '),
      terms,
      typical: ordered[0]!,
      questions: ordered,
    });
  }
  result.sort((a, b) => b.questions.length - a.questions.length || compare(a.id, b.id));
  return result;
}

/** The surface word most members wrote for a stem (ties: alphabetical). */
function surfaceOf(term: string, members: readonly number[], prepared: readonly Prepared[]): string {
  const counts = new Map<string, number>();
  for (const i of members) {
    const surface = prepared[i]!.surfaces.get(term);
    if (surface) counts.set(surface, (counts.get(surface) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))[0]?.[0] ?? term;
}

function nearest(
  vector: Vector,
  clusters: readonly Working[],
  postings: Map<string, Set<number>>,
): { cluster: number; similarity: number } | undefined {
  const dots = new Map<number, number>();
  for (const [term, weight] of vector) {
    const holders = postings.get(term);
    if (!holders) continue;
    for (const cluster of holders)
      dots.set(cluster, (dots.get(cluster) ?? 0) + weight * clusters[cluster]!.sum.get(term)!);
  }
  let best: { cluster: number; similarity: number } | undefined;
  for (const [cluster, dot] of dots) {
    const similarity = dot / Math.sqrt(clusters[cluster]!.normSquared);
    if (!best || similarity > best.similarity || (similarity === best.similarity && cluster < best.cluster))
      best = { cluster, similarity };
  }
  return best;
}

function addTo(
  cluster: Working,
  id: number,
  member: number,
  vector: Vector,
  postings: Map<string, Set<number>>,
): void {
  cluster.members.push(member);
  for (const [term, weight] of vector) {
    const before = cluster.sum.get(term) ?? 0;
    const after = before + weight;
    cluster.sum.set(term, after);
    cluster.normSquared += after * after - before * before;
    let holders = postings.get(term);
    if (!holders) postings.set(term, (holders = new Set()));
    holders.add(id);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** FNV-1a, 32 bit: a short stable id. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
