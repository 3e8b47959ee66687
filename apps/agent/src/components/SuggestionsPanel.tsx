/**
 * Articles from the knowledge base that may answer the customer's newest message, with the
 * probability that they do ("87 %"). "Insert" puts the article's answer into the reply; whether the
 * agent sends it as it is or changes it is reported when the reply goes out (ConversationView).
 * "Not relevant" reports a rejection at once. Loads again when a new customer message arrives.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reason } from '../errors.ts';
import {
  formatProbability,
  NO_CONSENT_REASON,
  topSuggestions,
  type Suggestion,
  type Suggestions,
  type SuggestionsApi,
} from '../suggestions.ts';
import './suggestions.css';

export interface SuggestionsPanelProps {
  api: SuggestionsApi;
  conversationId: string;
  /** The newest customer message's id: a new one loads the suggestions again. */
  refreshKey: string | null;
  onInsert: (suggestion: Suggestion, messageId: string | null) => void;
}

export function SuggestionsPanel({ api, conversationId, refreshKey, onInsert }: SuggestionsPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [data, setData] = useState<Suggestions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    api.load(conversationId).then(
      (result) => {
        if (cancelled) return;
        setData(result);
        setDismissed(new Set());
        setLoading(false);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(reason(failure, t));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, conversationId, refreshKey, t]);

  const reject = (suggestion: Suggestion) => {
    setDismissed((current) => new Set([...current, suggestion.articleId]));
    if (data?.messageId)
      api
        .feedback(conversationId, {
          messageId: data.messageId,
          articleId: suggestion.articleId,
          outcome: 'rejected',
        })
        .catch(() => undefined); // best effort: the panel has already moved on
  };

  const shown = data ? topSuggestions(data.suggestions, dismissed) : [];
  const abstains = data?.decision === 'abstain';
  let state: string | null = null;
  if (loading && !data) state = t('suggestions.loading');
  else if (error && !data) state = t('suggestions.error', { reason: error });
  else if (data && data.messageId === null) state = t('suggestions.noQuestion');
  // Said as such, not as "nothing found": the customer did not allow their words to be analysed.
  else if (data?.reason === NO_CONSENT_REASON) state = t('suggestions.noConsent');
  else if (abstains) state = t('suggestions.abstain');
  else if (shown.length === 0) state = t('suggestions.none');

  const list = (
    <ol className="suggestions__list">
      {shown.map((suggestion) => (
        <li key={suggestion.articleId} className="suggestion" data-article-id={suggestion.articleId}>
          <div className="suggestion__head">
            <span className="suggestion__title" lang={suggestion.language} title={suggestion.title}>
              {suggestion.title}
            </span>
            <span
              className="suggestion__probability"
              title={t('suggestions.probabilityHint')}
              data-probability={suggestion.probability}
            >
              {formatProbability(suggestion.probability, i18n.language)}
            </span>
          </div>
          <p className="suggestion__snippet" lang={suggestion.language}>
            {suggestion.snippet}
          </p>
          <div className="suggestion__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => onInsert(suggestion, data?.messageId ?? null)}
              aria-label={t('suggestions.insertNamed', { title: suggestion.title })}
            >
              {t('suggestions.insert')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => reject(suggestion)}
              aria-label={t('suggestions.rejectNamed', { title: suggestion.title })}
            >
              {t('suggestions.reject')}
            </button>
          </div>
        </li>
      ))}
    </ol>
  );

  return (
    <section
      className="suggestions"
      aria-labelledby={`${id}-title`}
      data-suggestions={data?.decision ?? ''}
      data-reason={data?.reason ?? ''}
    >
      <h3 id={`${id}-title`} className="suggestions__title">
        {t('suggestions.title')}
        {data?.decision === 'answer' && shown.length > 0 && (
          <span className="suggestions__confident">{t('suggestions.confident')}</span>
        )}
      </h3>
      {state && (
        <p className="suggestions__state muted" role="status" data-suggestions-state="">
          {state}
        </p>
      )}
      {shown.length > 0 &&
        // Unsure articles stay out of the way: the agent can still look at them.
        (abstains ? (
          <details className="suggestions__unsure">
            <summary>{t('suggestions.showAnyway', { count: shown.length })}</summary>
            {list}
          </details>
        ) : (
          list
        ))}
    </section>
  );
}
