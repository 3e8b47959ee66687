/**
 * An article's versions, newest first: pick two to compare (the default is the latest change),
 * and make an older one current again. A restore is a new version; the history is never rewritten.
 * The compared pair is in the URL (?from=&to=).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Agent } from '../api/types.ts';
import { LoadState } from '../admin/Outcome.tsx';
import { useLoad } from '../admin/hooks.ts';
import { navigateTo } from '../admin/navigation.ts';
import { reason } from '../errors.ts';
import { fullTime } from '../format.ts';
import type { KnowledgeApi } from './api.ts';
import { DiffView } from './DiffView.tsx';
import { Link } from './Link.tsx';
import { paths } from './routes.ts';

export interface VersionHistoryProps {
  api: KnowledgeApi;
  agent: Agent;
  articleId: string;
  from: number | null;
  to: number | null;
}

/** The pair to compare: what the URL says where it makes sense, else the latest change. */
export function comparedRange(
  current: number,
  from: number | null,
  to: number | null,
): { from: number; to: number } {
  const newer = to !== null && to >= 1 && to <= current ? to : current;
  const older = from !== null && from >= 1 && from <= current ? from : Math.max(1, newer - 1);
  return older <= newer ? { from: older, to: newer } : { from: newer, to: older };
}

export function VersionHistory({ api, agent, articleId, from, to }: VersionHistoryProps) {
  const { t, i18n } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const data = useLoad(
    () => Promise.all([api.article(articleId), api.versions(articleId).then((r) => r.items)]),
    `${articleId}|${generation}`,
  );
  const [article, versions] = data.data ?? [];
  const range = article ? comparedRange(article.version, from, to) : null;
  const diff = useLoad(
    () => (range && range.from < range.to ? api.diff(articleId, range) : Promise.resolve(null)),
    `${articleId}|${range?.from}|${range?.to}|${article?.version}`,
  );
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Restoring publishes directly: partners propose changes in the editor instead.
  const mayRestore = agent.role !== 'partner';

  if (!article || !versions || !range) return <LoadState error={data.error} />;

  const pick = (which: 'from' | 'to', version: number) =>
    navigateTo(paths.history(articleId, { ...range, [which]: version }), { replace: true });

  async function restore(version: number) {
    if (!article || busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const restored = await api.restore(articleId, version, article.version);
      setOutcome({ ok: true, text: t('knowledge.restored', { version, now: restored.version }) });
      navigateTo(paths.history(articleId), { replace: true });
    } catch (failure) {
      setOutcome({
        ok: false,
        text:
          failure instanceof ApiError && failure.status === 409
            ? t('knowledge.restoreConflict')
            : t('admin.failed', { reason: reason(failure, t) }),
      });
    } finally {
      setBusy(false);
      setGeneration((n) => n + 1);
    }
  }

  return (
    <div className="kb-history">
      <p className="kb-breadcrumb">
        <Link href={paths.article(articleId)}>{article.title}</Link>
      </p>
      <h1 className="admin__title">{t('knowledge.historyTitle')}</h1>
      {outcome && (
        <p className={outcome.ok ? 'admin-outcome--ok' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      <div className="admin-columns">
        <table className="admin-table kb-versions">
          <caption className="visually-hidden">{t('knowledge.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('knowledge.versionColumn')}</th>
              <th scope="col">{t('knowledge.compareFrom')}</th>
              <th scope="col">{t('knowledge.compareTo')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('knowledge.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version-row={v.version}>
                <th scope="row">
                  {t('knowledge.version', { version: v.version })}
                  {v.version === article.version && (
                    <span className="kb-current"> {t('knowledge.current')}</span>
                  )}
                  <span className="kb-versions__meta">
                    {fullTime(v.createdAt, i18n.language)}
                    {v.restoredFrom !== null &&
                      ` · ${t('knowledge.restoredFrom', { version: v.restoredFrom })}`}
                  </span>
                </th>
                <td>
                  <input
                    type="radio"
                    name="kb-from"
                    checked={range.from === v.version}
                    onChange={() => pick('from', v.version)}
                    aria-label={t('knowledge.compareFromVersion', { version: v.version })}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="kb-to"
                    checked={range.to === v.version}
                    onChange={() => pick('to', v.version)}
                    aria-label={t('knowledge.compareToVersion', { version: v.version })}
                  />
                </td>
                <td>
                  {mayRestore && v.version !== article.version && (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() => void restore(v.version)}
                    >
                      {t('knowledge.restore', { version: v.version })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <section className="admin-card" aria-label={t('knowledge.diffTitle', range)}>
          <h2>{t('knowledge.diffTitle', range)}</h2>
          {range.from === range.to ? (
            <p className="muted">
              {versions.length < 2 ? t('knowledge.onlyOneVersion') : t('knowledge.sameVersion')}
            </p>
          ) : diff.data && diff.data.from === range.from && diff.data.to === range.to ? (
            // Only the pair asked for: an answer for the previous pair is not shown under this heading.
            <DiffView diff={diff.data} />
          ) : (
            <LoadState error={diff.error} />
          )}
        </section>
      </div>
    </div>
  );
}
