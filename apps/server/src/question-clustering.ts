/**
 * The knowledge engine's question clustering (packages/knowledge/src/gaps) behind the domain's
 * `QuestionClustering` port, for the knowledge-gap report. It shares the analyzer with the rest of
 * the engine (the German dictionary is loaded once, on first use).
 */
import type { QuestionClustering } from '@sofortdesk/domain';
import { clusterQuestions, TextAnalyzer } from '@sofortdesk/knowledge';

export class EngineQuestionClustering implements QuestionClustering {
  /** @param analyzer the engine's analyzer (shared, so the dictionary is loaded once) */
  private readonly analyzer: () => Promise<TextAnalyzer>;

  constructor(analyzer?: () => Promise<TextAnalyzer>) {
    let own: Promise<TextAnalyzer> | undefined;
    this.analyzer = analyzer ?? (() => (own ??= TextAnalyzer.create()));
  }

  async cluster(
    questions: readonly { id: string; text: string }[],
    options: { minSize?: number } = {},
  ): ReturnType<QuestionClustering['cluster']> {
    if (questions.length === 0) return [];
    return clusterQuestions(await this.analyzer(), questions, { minSize: options.minSize ?? 2 }).map(
      (cluster) => ({
        id: cluster.id,
        label: cluster.label,
        typical: cluster.typical,
        questions: cluster.questions,
      }),
    );
  }
}
