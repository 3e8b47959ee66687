/**
 * The knowledge area ("Wissen"): collections, their articles, the editor with its version history,
 * and partners' proposals waiting for review. Agents and admins edit everything; partners see the
 * collections shared with them and their saves wait for review (the server decides, the screen
 * follows what it answers). Loaded on demand (React.lazy), so the workspace starts without it.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client.ts';
import type { Agent } from '../api/types.ts';
import { useLoad } from '../admin/hooks.ts';
import { navigateTo, usePathname, useSearch } from '../admin/navigation.ts';
import { Header } from '../components/Header.tsx';
import { KnowledgeApi } from './api.ts';
import { ArticleEditor } from './ArticleEditor.tsx';
import { ArticleList } from './ArticleList.tsx';
import { Link } from './Link.tsx';
import { NewCollection } from './NewCollection.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { GapsApi } from './gaps/api.ts';
import { GapsScreen } from './gaps/GapsScreen.tsx';
import { parseRoute, paths } from './routes.ts';
import { VersionHistory } from './VersionHistory.tsx';
import './knowledge.css';

export interface KnowledgeAreaProps {
  api: ApiClient;
  agent: Agent;
  onLogout: () => Promise<void>;
}

export function KnowledgeArea({ api, agent, onLogout }: KnowledgeAreaProps) {
  const { t } = useTranslation();
  const knowledge = useMemo(() => new KnowledgeApi(api), [api]);
  const gapsApi = useMemo(() => new GapsApi(api), [api]);
  const route = parseRoute(usePathname(), useSearch());
  const collections = useLoad(() => knowledge.collections().then((r) => r.items), 'collections');
  const main = useRef<HTMLElement>(null);
  const isPartner = agent.role === 'partner';

  // The collections screen without a collection opens the first one.
  const first = collections.data?.[0]?.id;
  const openFirst = route.screen === 'collections' && route.collectionId === null && first !== undefined;
  useEffect(() => {
    if (openFirst && first) navigateTo(paths.collection(first), { replace: true });
  }, [openFirst, first]);

  useEffect(() => {
    const previous = document.title;
    return () => {
      document.title = previous;
    };
  }, []);
  useEffect(() => {
    document.title = `${t('knowledge.title')} · Sofortdesk`;
  }, [t]);

  const selectedCollection = route.screen === 'collections' ? route.collectionId : null;
  const collection = collections.data?.find((c) => c.id === selectedCollection);

  return (
    <div className="workspace admin knowledge">
      <a className="skip-link" href="#knowledge-main">
        {t('knowledge.skip')}
      </a>
      <Header agent={agent} area="knowledge" onLogout={() => void onLogout()} />
      <div className="admin__body">
        <nav className="admin__nav knowledge__nav" aria-label={t('knowledge.nav')}>
          <h2 className="knowledge__nav-title">{t('knowledge.collections')}</h2>
          {collections.data === undefined ? (
            <p className="muted" role={collections.error ? 'alert' : 'status'}>
              {collections.error ? t('admin.error', { reason: collections.error }) : t('admin.loading')}
            </p>
          ) : collections.data.length === 0 ? (
            <p className="muted">
              {isPartner ? t('knowledge.noCollectionsPartner') : t('knowledge.noCollections')}
            </p>
          ) : (
            <ul>
              {collections.data.map((c) => (
                <li key={c.id}>
                  <Link
                    href={paths.collection(c.id)}
                    className="admin__link"
                    aria-current={selectedCollection === c.id ? 'page' : undefined}
                  >
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {agent.role === 'admin' && (
            <NewCollection
              api={knowledge}
              onCreated={(created) => collections.setData((list) => [...(list ?? []), created])}
            />
          )}
          <ul className="knowledge__nav-more">
            <li>
              <Link
                href={paths.reviews()}
                className="admin__link"
                aria-current={route.screen === 'reviews' ? 'page' : undefined}
              >
                {isPartner ? t('knowledge.myProposals') : t('knowledge.reviews')}
              </Link>
            </li>
            {!isPartner && (
              <li>
                <Link
                  href={paths.gaps()}
                  className="admin__link"
                  aria-current={route.screen === 'gaps' ? 'page' : undefined}
                >
                  {t('gaps.nav')}
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <main id="knowledge-main" className="admin__main" ref={main} tabIndex={-1}>
          {route.screen === 'collections' &&
            (collection ? (
              <ArticleList
                key={collection.id}
                api={knowledge}
                collection={collection}
                filter={route.filter}
              />
            ) : (
              <h1 className="admin__title">{t('knowledge.title')}</h1>
            ))}
          {route.screen === 'new' && (
            <ArticleEditor
              key={`new-${route.collectionId ?? ''}-${route.language}-${route.translationOf ?? ''}`}
              api={knowledge}
              agent={agent}
              collections={collections.data ?? []}
              target={{ kind: 'new', ...route }}
            />
          )}
          {route.screen === 'article' && (
            <ArticleEditor
              key={route.articleId}
              api={knowledge}
              agent={agent}
              collections={collections.data ?? []}
              target={{ kind: 'existing', articleId: route.articleId }}
            />
          )}
          {route.screen === 'history' && (
            <VersionHistory
              key={route.articleId}
              api={knowledge}
              agent={agent}
              articleId={route.articleId}
              from={route.from}
              to={route.to}
            />
          )}
          {route.screen === 'gaps' && !isPartner && <GapsScreen api={gapsApi} days={route.days} />}
          {route.screen === 'reviews' && (
            <ReviewQueue api={knowledge} agent={agent} collections={collections.data ?? []} />
          )}
        </main>
      </div>
    </div>
  );
}
