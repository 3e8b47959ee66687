/** The changes between two versions, field by field: additions and removals marked, not only coloured. */
import { useTranslation } from 'react-i18next';
import type { ArticleDiff } from './api.ts';
import { diffView, type DiffRow } from './diff-view.ts';

function Row({ row }: { row: DiffRow }) {
  const { t } = useTranslation();
  if (row.kind === 'folded')
    return (
      <li className="kb-diff__row kb-diff__row--folded">
        {t('knowledge.diff.folded', { count: row.count })}
      </li>
    );
  const sign = row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' ';
  const Tag = row.kind === 'added' ? 'ins' : row.kind === 'removed' ? 'del' : 'span';
  return (
    <li className={`kb-diff__row kb-diff__row--${row.kind}`} data-diff={row.kind}>
      <span className="kb-diff__sign" aria-hidden="true">
        {sign}
      </span>
      <Tag>{row.text || '\u00a0'}</Tag>
    </li>
  );
}

export function DiffView({ diff }: { diff: ArticleDiff }) {
  const { t } = useTranslation();
  const views = diffView(diff.changes);
  if (views.length === 0)
    return (
      <div className="kb-diff" data-diff-from={diff.from} data-diff-to={diff.to}>
        <p className="muted">{t('knowledge.diff.none')}</p>
      </div>
    );
  return (
    <div className="kb-diff" data-diff-from={diff.from} data-diff-to={diff.to}>
      {views.map((view) => (
        <section key={view.field} className="kb-diff__field" aria-label={t(`knowledge.fields.${view.field}`)}>
          <h3 className="kb-diff__name">{t(`knowledge.fields.${view.field}`)}</h3>
          {view.layout === 'inline' ? (
            <p className="kb-diff__inline">
              {view.segments.map((segment, index) =>
                segment.kind === 'added' ? (
                  <ins key={index} data-diff="added">
                    {segment.text}
                  </ins>
                ) : segment.kind === 'removed' ? (
                  <del key={index} data-diff="removed">
                    {segment.text}
                  </del>
                ) : (
                  <span key={index}>{segment.text}</span>
                ),
              )}
            </p>
          ) : (
            <ol className="kb-diff__rows">
              {view.rows.map((row, index) => (
                <Row key={index} row={row} />
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
