/**
 * Partners' proposals. Agents and admins see those waiting, oldest first, with what the partner
 * wrote (rendered by the shared safe renderer), and approve or reject each with an optional note;
 * approving publishes it. Partners see their own proposals and how they were decided.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { LoadState } from '../admin/Outcome.tsx';
import { useLoad } from '../admin/hooks.ts';
import { Markdown } from '../components/Markdown.tsx';
import { reason } from '../errors.ts';
import { fullTime } from '../format.ts';
import type { ChangeRequest, Collection, KnowledgeApi } from './api.ts';
import { LanguageBadge, VisibilityBadge } from './Badges.tsx';
import { Link } from './Link.tsx';
import { paths } from './routes.ts';

export interface ReviewQueueProps {
  api: KnowledgeApi;
  agent: Agent;
  collections: Collection[];
}

export function ReviewQueue({ api, agent, collections }: ReviewQueueProps) {
  const { t } = useTranslation();
  const isPartner = agent.role === 'partner';
  const requests = useLoad(
    () => api.changeRequests(isPartner ? undefined : 'pending').then((r) => r.items),
    isPartner ? 'mine' : 'pending',
  );
  const names = Object.fromEntries(collections.map((c) => [c.id, c.name]));

  return (
    <section className="kb-reviews" aria-labelledby="kb-reviews-title">
      <h1 id="kb-reviews-title" className="admin__title">
        {isPartner ? t('knowledge.myProposals') : t('knowledge.reviews')}
      </h1>
      <p className="admin__intro">
        {isPartner ? t('knowledge.myProposalsIntro') : t('knowledge.reviewsIntro')}
      </p>
      {requests.data === undefined ? (
        <LoadState error={requests.error} />
      ) : requests.data.length === 0 ? (
        <p className="muted" role="status">
          {isPartner ? t('knowledge.noProposals') : t('knowledge.noReviews')}
        </p>
      ) : (
        <ul className="kb-review-list">
          {requests.data.map((request) => (
            <li key={request.id}>
              <Proposal
                api={api}
                request={request}
                collectionName={names[request.collectionId]}
                mayReview={!isPartner && request.status === 'pending'}
                onDecided={(decided) =>
                  requests.setData((list) => list?.map((r) => (r.id === decided.id ? decided : r)))
                }
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ProposalProps {
  api: KnowledgeApi;
  request: ChangeRequest;
  collectionName: string | undefined;
  mayReview: boolean;
  onDecided: (request: ChangeRequest) => void;
}

function Proposal({ api, request, collectionName, mayReview, onDecided }: ProposalProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { content } = request;

  async function decide(decision: 'approve' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      onDecided(await api.review(request.id, decision, note.trim() || null));
    } catch (failure) {
      setError(reason(failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article
      className="admin-card kb-proposal"
      aria-labelledby={`${id}-title`}
      data-change-request={request.id}
    >
      <header className="kb-proposal__head">
        <h2 id={`${id}-title`}>{content.title}</h2>
        <span className={`badge kb-status kb-status--${request.status}`} data-status={request.status}>
          {t(`knowledge.requestStatus.${request.status}`)}
        </span>
      </header>
      <p className="kb-editor__meta">
        <LanguageBadge language={request.language} />
        <VisibilityBadge visibility={content.visibility} />
        {collectionName && <span>{collectionName}</span>}
        <span>
          {request.articleId
            ? t('knowledge.proposalChange', { version: request.baseVersion ?? 0 })
            : t('knowledge.proposalNew')}
        </span>
        <span className="muted">{fullTime(request.createdAt, i18n.language)}</span>
        {request.articleId && (
          <Link href={paths.article(request.articleId)}>{t('knowledge.openArticle')}</Link>
        )}
      </p>
      <div className="kb-preview">
        <Markdown text={content.body} className="message__text" />
      </div>
      {(content.alternativeQuestions.length > 0 || content.tags.length > 0) && (
        <dl className="kb-proposal__facts">
          {content.alternativeQuestions.length > 0 && (
            <>
              <dt>{t('knowledge.fields.alternativeQuestions')}</dt>
              <dd>{content.alternativeQuestions.join(' · ')}</dd>
            </>
          )}
          {content.tags.length > 0 && (
            <>
              <dt>{t('knowledge.fields.tags')}</dt>
              <dd>{content.tags.join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {request.reviewNote && (
        <p className="kb-proposal__note">{t('knowledge.reviewNote', { note: request.reviewNote })}</p>
      )}
      {mayReview && (
        <div className="kb-proposal__review">
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('knowledge.noteLabel')}</label>
            <input
              id={`${id}-note`}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="admin-form__actions">
            <button type="button" className="button" disabled={busy} onClick={() => void decide('reject')}>
              {t('knowledge.reject')}
            </button>
            <button
              type="button"
              className="button button--success"
              disabled={busy}
              onClick={() => void decide('approve')}
            >
              {t('knowledge.approve')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {t('admin.failed', { reason: error })}
        </p>
      )}
    </article>
  );
}
