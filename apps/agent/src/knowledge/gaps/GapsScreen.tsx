/**
 * "Wissenslücken / Knowledge gaps": the customer questions that recur without a confident answer,
 * largest group first, each with its count and examples, and a button that drafts an article from
 * the agents' replies in that group. The period is in the URL (?days=), like every other filter.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../admin/Outcome.tsx';
import { useLoad } from '../../admin/hooks.ts';
import { navigateTo } from '../../admin/navigation.ts';
import { reason } from '../../errors.ts';
import { Link } from '../Link.tsx';
import { paths } from '../routes.ts';
import { GAP_PERIODS, type DraftArticle, type GapsApi, type KnowledgeGap } from './api.ts';
import './gaps.css';

export interface GapsScreenProps {
  api: GapsApi;
  days: number;
}

export function GapsScreen({ api, days }: GapsScreenProps) {
  const { t } = useTranslation();
  const gaps = useLoad(() => api.gaps(days).then((r) => r.items), String(days));

  return (
    <section aria-labelledby="kb-gaps-title" className="kb-gaps">
      <div className="kb-list__head">
        <div>
          <h1 id="kb-gaps-title" className="admin__title">
            {t('gaps.title')}
          </h1>
          <p className="admin__intro">{t('gaps.intro', { days })}</p>
        </div>
        <div className="field field--compact kb-gaps__period">
          <label htmlFor="kb-gaps-days">{t('gaps.period')}</label>
          <select
            id="kb-gaps-days"
            value={days}
            onChange={(event) => navigateTo(paths.gaps(Number(event.target.value)))}
          >
            {GAP_PERIODS.map((period) => (
              <option key={period} value={period}>
                {t('gaps.days', { count: period })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {gaps.data === undefined ? (
        gaps.error ? (
          <LoadState error={gaps.error} />
        ) : (
          <p className="muted" role="status">
            {t('gaps.loading')}
          </p>
        )
      ) : gaps.data.length === 0 ? (
        <p className="muted">{t('gaps.none')}</p>
      ) : (
        <ol className="kb-gaps__list">
          {gaps.data.map((gap) => (
            <GapCard key={gap.id} api={api} gap={gap} />
          ))}
        </ol>
      )}
    </section>
  );
}

function GapCard({ api, gap }: { api: GapsApi; gap: KnowledgeGap }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<DraftArticle | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const titleId = `kb-gap-${gap.id}`;

  const makeDraft = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const article = await api.draft({ conversationIds: gap.conversationIds });
      setDraft(article);
      // Straight into the editor: the draft is there to be finished.
      navigateTo(paths.article(article.id));
    } catch (error) {
      setFailure(reason(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="kb-gap" aria-labelledby={titleId}>
      <div className="kb-gap__head">
        <h2 id={titleId} className="kb-gap__label">
          {gap.examples[0]?.text ?? gap.label}
        </h2>
        <span className="kb-gap__count">{t('gaps.count', { count: gap.count })}</span>
      </div>
      <p className="kb-gap__terms muted">{gap.label}</p>
      <h3 className="kb-gap__examples-title">{t('gaps.examples')}</h3>
      <ul className="kb-gap__examples">
        {gap.examples.map((example) => (
          <li key={example.conversationId}>
            <q>{example.text}</q>{' '}
            <a href={`/conversations/${encodeURIComponent(example.conversationId)}`} className="kb-gap__open">
              {t('gaps.openConversation')}
            </a>
          </li>
        ))}
      </ul>
      <div className="kb-gap__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void makeDraft()}
        >
          {busy ? t('gaps.drafting') : t('gaps.draft')}
        </button>
        {draft && (
          <p role="status">
            {t('gaps.drafted')} <Link href={paths.article(draft.id)}>{t('gaps.openDraft')}</Link>
          </p>
        )}
        {failure && (
          <p className="form-error" role="alert">
            {t('gaps.draftFailed', { reason: failure })}
          </p>
        )}
      </div>
    </li>
  );
}
