/**
 * The `TriageEngine` port on packages/triage: language with fallback, DE/EN sentiment with anger
 * and urgency cues, the account's intent classifier, and complexity.
 *
 * Each account's intent classifier is trained from its own labelled conversations and the
 * questions its articles resolved (`TriageRepository.intentExamples`) and cached in the process
 * with a freshness stamp, checked at most every `freshForMs`: when the examples changed, the old
 * model keeps answering while the new one trains in the background, so a message never waits for
 * training except the account's very first one.
 */
import { detectLanguage, tokenize, type TextAnalyzer } from '@sofortdesk/knowledge';
import {
  analyzeSentiment,
  complexity,
  IntentClassifier,
  triageLanguage,
  type IntentOptions,
} from '@sofortdesk/triage';
import {
  unreadableReason,
  type Repositories,
  type TriageEngine,
  type TriageInput,
  type TriageSignals,
} from '@sofortdesk/domain';

interface CachedModel {
  stamp: string;
  checkedAt: number;
  classifier: IntentClassifier | null;
  /** A retraining under way; others wait for nothing and keep the old model. */
  training?: Promise<void>;
}

/** Fewer examples, or a single label, teach nothing worth acting on. */
const MIN_EXAMPLES = 10;
const MAX_EXAMPLES = 10_000;
/** Words a text needs before an undetected language counts as unsupported rather than too short. */
const MIN_WORDS_FOR_LANGUAGE = 6;

export class AccountTriageEngine implements TriageEngine {
  private readonly models = new Map<string, CachedModel>();
  private readonly freshForMs: number;
  private readonly now: () => number;

  constructor(
    private readonly repos: Pick<Repositories, 'triage'>,
    private readonly analyzer: () => Promise<TextAnalyzer>,
    private readonly options: { freshForMs?: number; now?: () => number; intent?: IntentOptions } = {},
  ) {
    this.freshForMs = options.freshForMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  async analyse(accountId: string, input: TriageInput): Promise<TriageSignals> {
    const language = triageLanguage(input.text, input.fallbackLanguage);
    const base: TriageSignals = {
      language,
      analysed: input.analyseContent,
      sentiment: null,
      anger: null,
      urgency: null,
      intent: null,
      intentConfidence: null,
      complexity: null,
      complexityReasons: [],
      unreadable: unreadableReason(input.text, input.attachments) ?? unsupportedLanguage(input.text),
    };
    // No consent to content analysis: the language only (it decides who can read the message).
    if (!input.analyseContent || base.unreadable) return base;
    const sentiment = analyzeSentiment(input.text);
    const classifier = await this.intentModel(accountId);
    const prediction = classifier?.classify(input.text, language);
    const score = complexity({
      text: input.text,
      sentiment: sentiment.sentiment,
      anger: sentiment.anger,
      failedAutomaticAnswers: input.failedAutomaticAnswers,
    });
    return {
      ...base,
      sentiment: sentiment.sentiment,
      anger: sentiment.anger,
      urgency: sentiment.urgent,
      // Out of scope, or not sure enough: no intent (the "none of these" decision).
      intent: prediction?.answer ? prediction.intent : null,
      intentConfidence: prediction ? Number(prediction.confidence.toFixed(3)) : null,
      complexity: Number(score.score.toFixed(3)),
      complexityReasons: score.reasons,
    };
  }

  /** The account's classifier; trains now only when the process has none for the account yet. */
  async intentModel(accountId: string): Promise<IntentClassifier | null> {
    const now = this.now();
    const cached = this.models.get(accountId);
    if (cached && now - cached.checkedAt < this.freshForMs) return cached.classifier;
    const stamp = await this.repos.triage.intentExamplesStamp(accountId);
    if (cached) {
      cached.checkedAt = now;
      if (cached.stamp !== stamp && !cached.training) {
        cached.training = this.train(accountId)
          .then((classifier) => {
            this.models.set(accountId, { stamp, checkedAt: this.now(), classifier });
          })
          .catch(() => {
            // Keep the old model; the next check tries again.
            cached.stamp = '';
            cached.training = undefined;
          });
      }
      return cached.classifier;
    }
    const entry: CachedModel = { stamp, checkedAt: now, classifier: null };
    this.models.set(accountId, entry);
    entry.classifier = await this.train(accountId);
    return entry.classifier;
  }

  /** Forgets an account's model (tests, an erasure that removed its examples). */
  invalidate(accountId: string): void {
    this.models.delete(accountId);
  }

  private async train(accountId: string): Promise<IntentClassifier | null> {
    const examples = await this.repos.triage.intentExamples(accountId, MAX_EXAMPLES);
    if (examples.length < MIN_EXAMPLES || new Set(examples.map((e) => e.label)).size < 2) return null;
    // The threshold needs about 25 held-out examples; a small account holds out more than the usual 15 %.
    const heldOutPercent = Math.min(30, Math.max(15, Math.ceil((25 * 100) / examples.length)));
    return IntentClassifier.train(await this.analyzer(), examples, {
      heldOutPercent,
      ...this.options.intent,
    });
  }
}

/** A text long enough to tell its language that is neither German nor English. */
function unsupportedLanguage(text: string): 'unsupported-language' | null {
  if (detectLanguage(text) !== 'unknown') return null;
  const words = tokenize(text).filter((token) => /\p{L}{2,}/u.test(token));
  return words.length >= MIN_WORDS_FOR_LANGUAGE ? 'unsupported-language' : null;
}
