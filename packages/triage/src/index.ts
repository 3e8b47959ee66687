/**
 * @module @sofortdesk/triage
 * Triage signals for every inbound message: language, sentiment with anger and urgency cues, intent
 * with an out-of-scope decision, and complexity. A pure library like @sofortdesk/knowledge (no
 * database, no HTTP); it reuses that package's text analysis.
 */
export * from './features.ts';
export * from './softmax-regression.ts';
export * from './threshold.ts';
export * from './intent-classifier.ts';
export * from './sentiment/lexicon.ts';
export * from './sentiment/sentiment.ts';
export * from './complexity.ts';
export * from './evaluation/data.ts';
export * from './evaluation/bm25-neighbours.ts';
export * from './evaluation/intent-eval.ts';
export * from './evaluation/sentiment-eval.ts';
export { fnv1a, seededRandom } from './random.ts';
