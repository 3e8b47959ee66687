/**
 * @module @sofortdesk/knowledge
 * The knowledge base's retrieval engine: German/English text analysis, an in-memory ranked index,
 * calibrated answer decisions, and the FAQ evaluation. A pure library: no database, no HTTP; a
 * persistence adapter implements `KnowledgeSource`.
 */
export * from './types.ts';
export * from './text/language-codes.ts';
export * from './text/normalize.ts';
export * from './text/language.ts';
export * from './text/compounds.ts';
export * from './text/bilingual-dictionary.ts';
export * from './text/thesaurus.ts';
export * from './text/analyzer.ts';
export * from './retrieval/knowledge-index.ts';
export * from './answer/calibration.ts';
export * from './answer/decide.ts';
export * from './answer/default-calibration.ts';
export * from './answer/complaint.ts';
export * from './answer/account-model.ts';
export * from './gaps/cluster.ts';
export * from './evaluation/faq-data.ts';
export * from './evaluation/metrics.ts';
export * from './evaluation/faq-eval.ts';
