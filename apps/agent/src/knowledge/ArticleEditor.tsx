/**
 * Writing and changing an article: title, markdown body with a live preview (the same safe renderer
 * as messages and the help centre), tags, alternative questions, visibility, language, and its
 * translations. A save names the version the editor started from; when someone saved in between,
 * the server answers 409 and the editor says so, with the other person's change one click away.
 * A partner's save becomes a proposal that waits for an agent's review.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Agent } from '../api/types.ts';
import { navigateTo } from '../admin/navigation.ts';
import { Markdown } from '../components/Markdown.tsx';
import { reason } from '../errors.ts';
import type { ArticleDetail, ArticleDiff, Collection, KnowledgeApi } from './api.ts';
import { changedFields, contentOf, emptyForm, formFrom, type ArticleForm } from './article-form.ts';
import { LanguageBadge, VisibilityBadge } from './Badges.tsx';
import { DiffView } from './DiffView.tsx';
import { Link } from './Link.tsx';
import { LANGUAGES, paths, VISIBILITIES, type Language } from './routes.ts';

export type EditorTarget =
  | { kind: 'new'; collectionId: string | null; language: Language; translationOf: string | null }
  | { kind: 'existing'; articleId: string };

type Status =
  | { kind: 'saved'; version: number }
  | { kind: 'proposed' }
  | { kind: 'conflict'; current: ArticleDetail; diff: ArticleDiff | null }
  | { kind: 'error'; reason: string };

export interface ArticleEditorProps {
  api: KnowledgeApi;
  agent: Agent;
  collections: Collection[];
  target: EditorTarget;
}

export function ArticleEditor({ api, agent, collections, target }: ArticleEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const isPartner = agent.role === 'partner';
  const articleId = target.kind === 'existing' ? target.articleId : null;
  const translationOf = target.kind === 'new' ? target.translationOf : null;
  // The article as last loaded or saved: what "changed" is measured against, and its version the base.
  const [saved, setSaved] = useState<ArticleDetail | null>(null);
  // The article a new translation translates.
  const [original, setOriginal] = useState<ArticleDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<ArticleForm>(emptyForm);
  const [collectionId, setCollectionId] = useState(target.kind === 'new' ? target.collectionId : null);
  const [language, setLanguage] = useState<Language>(target.kind === 'new' ? target.language : 'de');
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const wanted = articleId ?? translationOf;
    if (!wanted) return;
    let cancelled = false;
    api.article(wanted).then(
      (detail) => {
        if (cancelled) return;
        if (articleId) {
          setSaved(detail);
          setForm(formFrom(detail));
        } else {
          setOriginal(detail);
          setCollectionId(detail.collectionId);
        }
      },
      (failure: unknown) => !cancelled && setLoadError(reason(failure, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, articleId, translationOf, t]);

  // A new article lands in the first collection unless one is chosen.
  const chosenCollection = collectionId ?? collections[0]?.id ?? null;
  const changes = saved ? changedFields(saved, form) : null;
  const dirty = saved ? Object.keys(changes ?? {}).length > 0 : form.title.trim() !== '';
  const set = (field: keyof ArticleForm) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    if (status?.kind !== 'conflict') setStatus(null);
  };

  async function conflict(currentId: string, base: number) {
    const current = await api.article(currentId);
    // What the other person changed: from the version this editor started from to theirs.
    const diff = await api.diff(currentId, { from: base, to: current.version }).catch(() => null);
    setStatus({ kind: 'conflict', current, diff });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy || !dirty) return;
    setBusy(true);
    try {
      if (saved) {
        const result = await api.update(saved.id, { baseVersion: saved.version, ...changes });
        if (result.kind === 'saved') {
          setSaved({ ...saved, ...result.article });
          setForm(formFrom(result.article));
          setStatus({ kind: 'saved', version: result.article.version });
        } else setStatus({ kind: 'proposed' });
      } else {
        if (!chosenCollection) return;
        const result = await api.create({
          collectionId: chosenCollection,
          language,
          translationOf,
          ...contentOf(form),
        });
        if (result.kind === 'saved') navigateTo(paths.article(result.article.id), { replace: true });
        else setStatus({ kind: 'proposed' });
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && saved) {
        await conflict(saved.id, saved.version).catch((again: unknown) =>
          setStatus({ kind: 'error', reason: reason(again, t) }),
        );
      } else setStatus({ kind: 'error', reason: reason(failure, t) });
    } finally {
      setBusy(false);
    }
  }

  /** Throws the edits away and shows what is saved now. */
  function reload(current: ArticleDetail) {
    setSaved(current);
    setForm(formFrom(current));
    setStatus(null);
  }

  /** Keeps the edits and takes the newer version as the base: the next save overwrites it knowingly. */
  function keepMine(current: ArticleDetail) {
    setSaved(current);
    setStatus(null);
  }

  if (articleId && !saved) {
    return loadError ? (
      <p className="notice notice--error" role="alert">
        {t('knowledge.loadFailed', { reason: loadError })}
      </p>
    ) : (
      <p className="muted" role="status">
        {t('admin.loading')}
      </p>
    );
  }

  const collection = collections.find((c) => c.id === (saved?.collectionId ?? chosenCollection));
  const articleLanguage = saved?.language ?? language;
  const heading = saved ? saved.title : original ? t('knowledge.newTranslation') : t('knowledge.newArticle');
  const missing = saved
    ? LANGUAGES.filter((l) => l !== saved.language && !saved.translations.some((tr) => tr.language === l))
    : [];

  return (
    <div className="kb-editor">
      <div className="kb-editor__head">
        <div>
          {collection && (
            <p className="kb-breadcrumb">
              <Link href={paths.collection(collection.id)}>{collection.name}</Link>
            </p>
          )}
          <h1 className="admin__title" id={`${id}-title`}>
            {heading}
          </h1>
          {saved && (
            <p className="kb-editor__meta">
              <LanguageBadge language={saved.language} />
              <VisibilityBadge visibility={saved.visibility} />
              <span data-version={saved.version}>{t('knowledge.version', { version: saved.version })}</span>
              <Link href={paths.history(saved.id)}>{t('knowledge.history')}</Link>
            </p>
          )}
          {original && (
            <p className="kb-editor__meta">
              {t('knowledge.translationOf')} <Link href={paths.article(original.id)}>{original.title}</Link>{' '}
              <LanguageBadge language={original.language} />
            </p>
          )}
        </div>
      </div>

      {saved && (saved.translations.length > 0 || (!isPartner && missing.length > 0)) && (
        <nav className="kb-translations" aria-label={t('knowledge.translations')}>
          <span className="kb-translations__label">{t('knowledge.translations')}:</span>
          {saved.translations.map((tr) => (
            <Link key={tr.id} href={paths.article(tr.id)} className="kb-translation" lang={tr.language}>
              <LanguageBadge language={tr.language} /> {tr.title}
            </Link>
          ))}
          {!isPartner &&
            missing.map((l) => (
              <Link
                key={l}
                className="button"
                href={paths.newArticle({
                  collectionId: saved.collectionId,
                  language: l,
                  translationOf: saved.id,
                })}
              >
                {t('knowledge.createTranslation', { language: t(`knowledge.languages.${l}`) })}
              </Link>
            ))}
        </nav>
      )}

      <StatusNotice
        status={status}
        saved={saved}
        onReload={reload}
        onKeepMine={keepMine}
        isPartner={isPartner}
      />

      <form
        className="kb-editor__form admin-form"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => void save(e)}
      >
        <div className="kb-editor__fields">
          <div className="field">
            <label htmlFor={`${id}-t`}>{t('knowledge.fields.title')}</label>
            <input
              id={`${id}-t`}
              value={form.title}
              maxLength={300}
              required
              onChange={(e) => set('title')(e.target.value)}
              lang={articleLanguage}
            />
          </div>
          <div className="kb-editor__body">
            <div className="field kb-editor__source">
              <label htmlFor={`${id}-b`}>{t('knowledge.fields.body')}</label>
              <textarea
                id={`${id}-b`}
                rows={14}
                value={form.body}
                onChange={(e) => set('body')(e.target.value)}
                aria-describedby={`${id}-bh`}
                lang={articleLanguage}
              />
              <span id={`${id}-bh`} className="field__hint">
                {t('knowledge.bodyHint')}
              </span>
            </div>
            <section className="kb-editor__preview" aria-label={t('knowledge.preview')}>
              <h2 className="kb-editor__preview-title">{t('knowledge.preview')}</h2>
              <div className="kb-preview" data-preview="" lang={articleLanguage}>
                {form.title.trim() && <h3 className="kb-preview__title">{form.title}</h3>}
                {form.body.trim() ? (
                  <Markdown text={form.body} className="message__text" />
                ) : (
                  <p className="muted">{t('knowledge.previewEmpty')}</p>
                )}
              </div>
            </section>
          </div>
        </div>
        <div className="kb-editor__fields admin-card">
          <div className="admin-form__row">
            {!saved && !original && (
              <div className="field">
                <label htmlFor={`${id}-c`}>{t('knowledge.collection')}</label>
                <select
                  id={`${id}-c`}
                  value={chosenCollection ?? ''}
                  onChange={(e) => setCollectionId(e.target.value)}
                >
                  {collections.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-l`}>{t('knowledge.language')}</label>
              <select
                id={`${id}-l`}
                value={articleLanguage}
                disabled={!!saved}
                onChange={(e) => setLanguage(e.target.value as Language)}
              >
                {LANGUAGES.filter((l) => !original || l !== original.language).map((l) => (
                  <option key={l} value={l}>
                    {t(`knowledge.languages.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-v`}>{t('knowledge.visibilityLabel')}</label>
              <select
                id={`${id}-v`}
                value={form.visibility}
                onChange={(e) => set('visibility')(e.target.value)}
                aria-describedby={`${id}-vh`}
              >
                {VISIBILITIES.map((v) => (
                  <option key={v} value={v}>
                    {t(`knowledge.visibility.${v}`)}
                  </option>
                ))}
              </select>
              <span id={`${id}-vh`} className="field__hint">
                {t(`knowledge.visibilityHint.${form.visibility}`)}
              </span>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-tags`}>{t('knowledge.fields.tags')}</label>
            <input
              id={`${id}-tags`}
              value={form.tags}
              onChange={(e) => set('tags')(e.target.value)}
              aria-describedby={`${id}-tagsh`}
            />
            <span id={`${id}-tagsh`} className="field__hint">
              {t('knowledge.tagsHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('knowledge.fields.alternativeQuestions')}</label>
            <textarea
              id={`${id}-q`}
              rows={3}
              value={form.alternativeQuestions}
              onChange={(e) => set('alternativeQuestions')(e.target.value)}
              aria-describedby={`${id}-qh`}
              lang={articleLanguage}
            />
            <span id={`${id}-qh`} className="field__hint">
              {t('knowledge.questionsHint')}
            </span>
          </div>
        </div>
        <div className="admin-form__actions">
          {isPartner && <span className="field__hint">{t('knowledge.partnerHint')}</span>}
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || !dirty || status?.kind === 'conflict' || status?.kind === 'proposed'}
          >
            {busy ? t('knowledge.saving') : isPartner ? t('knowledge.propose') : t('knowledge.save')}
          </button>
        </div>
      </form>
    </div>
  );
}

interface StatusNoticeProps {
  status: Status | null;
  saved: ArticleDetail | null;
  isPartner: boolean;
  onReload: (current: ArticleDetail) => void;
  onKeepMine: (current: ArticleDetail) => void;
}

function StatusNotice(props: StatusNoticeProps) {
  // The save button is at the bottom of a long form: what it did must come into view.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.status) box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [props.status]);
  if (!props.status) return null;
  return (
    <div ref={box}>
      <StatusMessage {...props} status={props.status} />
    </div>
  );
}

function StatusMessage({
  status,
  saved,
  isPartner,
  onReload,
  onKeepMine,
}: StatusNoticeProps & { status: Status }) {
  const { t } = useTranslation();
  const [showDiff, setShowDiff] = useState(false);
  if (status.kind === 'saved')
    return (
      <p className="admin-outcome--ok" role="status" data-outcome="saved">
        {t('knowledge.savedAs', { version: status.version })}
      </p>
    );
  if (status.kind === 'proposed')
    return (
      <div className="notice kb-proposed" role="status" data-outcome="proposed">
        <strong>{t('knowledge.proposedTitle')}</strong> {t('knowledge.proposedText')}{' '}
        {isPartner && <Link href={paths.reviews()}>{t('knowledge.myProposals')}</Link>}
      </div>
    );
  if (status.kind === 'error')
    return (
      <p className="form-error" role="alert">
        {t('admin.failed', { reason: status.reason })}
      </p>
    );
  const { current, diff } = status;
  return (
    <div className="notice notice--error kb-conflict" role="alert" data-outcome="conflict">
      <p>
        <strong>{t('knowledge.conflictTitle')}</strong>{' '}
        {t('knowledge.conflictText', { base: saved?.version ?? 0, current: current.version })}
      </p>
      <div className="kb-conflict__actions">
        <button type="button" className="button" onClick={() => onReload(current)}>
          {t('knowledge.conflictReload')}
        </button>
        {diff && (
          <button
            type="button"
            className="button"
            aria-expanded={showDiff}
            onClick={() => setShowDiff(!showDiff)}
          >
            {showDiff ? t('knowledge.conflictHideDiff') : t('knowledge.conflictShowDiff')}
          </button>
        )}
        <button type="button" className="button" onClick={() => onKeepMine(current)}>
          {t('knowledge.conflictKeepMine')}
        </button>
      </div>
      {showDiff && diff && <DiffView diff={diff} />}
    </div>
  );
}
