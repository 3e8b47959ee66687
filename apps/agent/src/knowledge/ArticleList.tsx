/**
 * One collection's articles: searched as the agent types (title, alternative questions, tags, body;
 * umlauts folded), filtered by language and visibility. The filter lives in the URL.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../admin/Outcome.tsx';
import { useLoad } from '../admin/hooks.ts';
import { navigateTo } from '../admin/navigation.ts';
import { fullTime } from '../format.ts';
import type { Collection, KnowledgeApi } from './api.ts';
import { searchArticles } from './article-form.ts';
import { LanguageBadge, VisibilityBadge } from './Badges.tsx';
import { Link } from './Link.tsx';
import { LANGUAGES, paths, VISIBILITIES, type ListFilter } from './routes.ts';

export interface ArticleListProps {
  api: KnowledgeApi;
  collection: Collection;
  filter: ListFilter;
}

export function ArticleList({ api, collection, filter }: ArticleListProps) {
  const { t, i18n } = useTranslation();
  const { language, visibility } = filter;
  const articles = useLoad(
    () => api.articles({ collectionId: collection.id, language, visibility }).then((r) => r.items),
    `${collection.id}|${language ?? ''}|${visibility ?? ''}`,
  );
  const shown = useMemo(() => searchArticles(articles.data ?? [], filter.q), [articles.data, filter.q]);
  // Typing replaces the address (no history entry per key); the selects add one.
  const change = (next: Partial<ListFilter>, replace = false) =>
    navigateTo(paths.collection(collection.id, { ...filter, ...next }), { replace });

  return (
    <section aria-labelledby="kb-list-title" className="kb-list">
      <div className="kb-list__head">
        <div>
          <h1 id="kb-list-title" className="admin__title">
            {collection.name}
          </h1>
          {collection.description && <p className="admin__intro">{collection.description}</p>}
        </div>
        <Link
          className="button button--primary"
          href={paths.newArticle({ collectionId: collection.id, language: language ?? 'de' })}
        >
          {t('knowledge.newArticle')}
        </Link>
      </div>
      <form
        className="kb-filters"
        role="search"
        aria-label={t('knowledge.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field field--compact kb-filters__search">
          <label htmlFor="kb-search">{t('knowledge.search')}</label>
          <input
            id="kb-search"
            type="search"
            value={filter.q}
            placeholder={t('knowledge.searchPlaceholder')}
            onChange={(event) => change({ q: event.target.value }, true)}
          />
        </div>
        <div className="field field--compact">
          <label htmlFor="kb-language">{t('knowledge.language')}</label>
          <select
            id="kb-language"
            value={language ?? ''}
            onChange={(event) => change({ language: (event.target.value || null) as ListFilter['language'] })}
          >
            <option value="">{t('knowledge.anyLanguage')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`knowledge.languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--compact">
          <label htmlFor="kb-visibility">{t('knowledge.visibilityLabel')}</label>
          <select
            id="kb-visibility"
            value={visibility ?? ''}
            onChange={(event) =>
              change({ visibility: (event.target.value || null) as ListFilter['visibility'] })
            }
          >
            <option value="">{t('knowledge.anyVisibility')}</option>
            {VISIBILITIES.map((v) => (
              <option key={v} value={v}>
                {t(`knowledge.visibility.${v}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {articles.data === undefined ? (
        <LoadState error={articles.error} />
      ) : shown.length === 0 ? (
        <p className="muted" role="status">
          {articles.data.length === 0 ? t('knowledge.emptyCollection') : t('knowledge.noMatch')}
        </p>
      ) : (
        <>
          <p className="muted kb-list__count" role="status">
            {t('knowledge.count', { count: shown.length })}
          </p>
          <ul className="kb-articles" aria-label={t('knowledge.articles')}>
            {shown.map((article) => (
              <li key={article.id} className="kb-article-row" data-article-id={article.id}>
                <Link href={paths.article(article.id)} className="kb-article-row__title">
                  {article.title}
                </Link>
                <span className="kb-article-row__meta">
                  <LanguageBadge language={article.language} />
                  <VisibilityBadge visibility={article.visibility} />
                  {article.tags.map((tag) => (
                    <span key={tag} className="kb-tag">
                      {tag}
                    </span>
                  ))}
                  <span className="muted">
                    {t('knowledge.versionAt', {
                      version: article.version,
                      time: fullTime(article.updatedAt, i18n.language),
                    })}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
