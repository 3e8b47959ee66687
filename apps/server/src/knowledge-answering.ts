/**
 * The `KnowledgeAnswering` adapter: the knowledge engine's answer decision over an account's
 * articles, for automatic answers (audience customer: public articles) and agents' suggestions
 * (audience agent: public and internal ones). The indexes are PublicArticleSearch's, one per account
 * and audience, shared with the help centre and the widget, so nothing is built twice.
 *
 * Probability: the engine's calibration. An account without labelled data of its own uses the
 * shipped default (packages/knowledge answer/default-calibration.ts, fitted offline on the FAQ
 * sets); its answer threshold is the default one for the account's precision target.
 */
import {
  DEFAULT_AUTOMATIC_ANSWER_SETTINGS,
  type AnswerAssessment,
  type AnswerSuggestion,
  type Article,
  type KnowledgeAnswering,
  type Language,
  type MessageSignals,
  type Repositories,
} from '@sofortdesk/domain';
import {
  asksForPerson,
  decide,
  detectComplaint,
  helpfulnessReply,
  type AccountModel,
  type DecisionPolicy,
  type SearchResult,
} from '@sofortdesk/knowledge';
import type { PublicArticleSearch } from './knowledge-search.ts';

/** The detectors of packages/knowledge as the domain's port. */
export const knowledgeSignals: MessageSignals = {
  complaint: detectComplaint,
  asksForPerson,
  helpfulnessReply,
};

const SUGGESTIONS = 3;
const SNIPPET_CHARS = 160;
/** Settings are read per question; a few seconds of staleness are fine after a change (which invalidates anyway). */
const SETTINGS_FRESH_MS = 5_000;

const abstain = (reason: string): AnswerAssessment => ({
  decision: 'abstain',
  probability: 0,
  reason,
  articleId: null,
  suggestions: [],
});

/**
 * Text no search can use: control characters (binary read as text) or replacement characters (bytes
 * that were no UTF-8) make up much of it.
 */
function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const odd = text.match(/[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return odd > 0 && odd / text.length > 0.1;
}

/** Markdown to a short plain line: the agent judges an article by it without opening it. */
export function snippetOf(body: string, max = SNIPPET_CHARS): string {
  const plain = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#+\s*/gm, '')
    .replace(/[*_`>#~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/**
 * Probabilities for the runners-up: the calibration speaks for the top hit only; the rest of the
 * probability (1 - p) is shared among the others by score, and none is shown above the top hit.
 */
function suggestionProbabilities(result: SearchResult, top: number): number[] {
  const hits = result.hits.slice(0, SUGGESTIONS);
  const rest = hits.slice(1).reduce((sum, hit) => sum + hit.score, 0);
  return hits.map((hit, i) => (i === 0 ? top : rest > 0 ? Math.min(top, ((1 - top) * hit.score) / rest) : 0));
}

export class EngineKnowledgeAnswering implements KnowledgeAnswering {
  private readonly settings = new Map<string, { precisionTarget: number; readAt: number }>();

  constructor(
    private readonly search: PublicArticleSearch,
    private readonly repos: Pick<Repositories, 'autoAnswers'>,
    private readonly now: () => number = Date.now,
  ) {}

  async assess(
    accountId: string,
    question: string,
    options: { language?: Language; audience: 'customer' | 'agent' },
  ): Promise<AnswerAssessment> {
    const text = typeof question === 'string' ? question.normalize('NFC').trim() : '';
    if (text === '') return abstain('empty');
    if (looksBinary(text.slice(0, 2_000))) return abstain('unreadable');

    const entry = await this.search.indexFor(accountId, options.audience);
    const { index, articles, model } = entry;
    if (index.size === 0) return abstain('no-articles');
    let result: SearchResult;
    try {
      result = await this.search.searchIn(entry, text, { language: options.language ?? 'auto', limit: 10 });
    } catch {
      // The engine is pure and tested on bad input; still, a question must never fail the caller.
      return abstain('unsearchable');
    }
    if (result.termCount === 0) return abstain('nothing-to-search');
    if (result.hits.length === 0) return abstain('no-match');

    const policy = await this.policyFor(accountId, model);
    const decision = decide(policy, result, SUGGESTIONS);
    // A model fitted on other features than the engine's gives NaN: never answer on it.
    if (!Number.isFinite(decision.probability)) return abstain('calibration-unavailable');
    const probabilities = suggestionProbabilities(result, decision.probability);
    const suggestions: AnswerSuggestion[] = result.hits
      .slice(0, SUGGESTIONS)
      .map((hit, i) => ({ article: articles.get(hit.id), probability: probabilities[i] ?? 0 }))
      .filter((s): s is { article: Article; probability: number } => s.article !== undefined)
      .map(({ article, probability }) => ({
        articleId: article.id,
        title: article.title,
        language: article.language,
        probability,
        snippet: snippetOf(article.body),
        visibility: article.visibility,
      }));
    const reason =
      decision.decision === 'answer'
        ? 'above-threshold'
        : decision.decision === 'suggest'
          ? 'below-threshold'
          : 'not-plausible';
    return {
      decision: decision.decision,
      probability: decision.probability,
      reason,
      articleId: decision.decision === 'answer' ? (decision.itemId ?? null) : null,
      // Agents see the candidates even when the engine would abstain for a customer.
      suggestions: options.audience === 'agent' || decision.decision !== 'abstain' ? suggestions : [],
    };
  }

  invalidate(accountId: string): void {
    this.settings.delete(accountId);
    this.search.invalidate(accountId);
  }

  /**
   * The account's policy at its precision target: its own calibration once it has labelled pairs
   * enough, the shipped default before (packages/knowledge answer/account-model.ts decides).
   */
  private async policyFor(accountId: string, model: AccountModel): Promise<DecisionPolicy> {
    let cached = this.settings.get(accountId);
    if (!cached || this.now() - cached.readAt > SETTINGS_FRESH_MS) {
      const settings = await this.repos.autoAnswers
        .getSettings(accountId)
        .catch(() => DEFAULT_AUTOMATIC_ANSWER_SETTINGS);
      cached = { precisionTarget: settings.precisionTarget, readAt: this.now() };
      this.settings.set(accountId, cached);
    }
    return model.policyFor(cached.precisionTarget);
  }
}
