/**
 * Who is here and where: checks the session (GET /me), then shows the login, the workspace, or (for
 * admins, under /admin/...) the administration. The server decides what each role may do; the app
 * only leaves out what a role cannot use.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminArea } from './admin/AdminArea.tsx';
import { isAdminPath, navigate, usePathname } from './admin/navigation.ts';
import type { ApiClient } from './api/client.ts';
import type { Agent } from './api/types.ts';
import { CannedAnswersProvider } from './components/CannedAnswerPicker.tsx';
import { Login } from './components/Login.tsx';
import { Workspace } from './components/Workspace.tsx';
import { i18next, storedLanguage } from './i18n/index.ts';
import { isKnowledgePath, KNOWLEDGE_ROOT } from './knowledge/routes.ts';

// The knowledge area is its own chunk: the workspace starts without its code.
const KnowledgeArea = lazy(() =>
  import('./knowledge/KnowledgeArea.tsx').then((module) => ({ default: module.KnowledgeArea })),
);

function useAgentLanguage(agent: Agent | undefined) {
  useEffect(() => {
    if (agent) void i18next.changeLanguage(storedLanguage(agent.id) ?? agent.language);
  }, [agent]);
}

export function App({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  // undefined: still asking the server; null: nobody is logged in.
  const [agent, setAgent] = useState<Agent | null | undefined>(undefined);
  useAgentLanguage(agent ?? undefined);
  const pathname = usePathname();
  const inAdmin = isAdminPath(pathname);
  const mayAdminister = agent?.role === 'admin';
  const inKnowledge = isKnowledgePath(pathname);
  // Partners work on knowledge only: the workspace holds customer data they may not see.
  const onlyKnowledge = agent?.role === 'partner';

  // Someone who is no admin (any more) lands in the workspace instead.
  useEffect(() => {
    if (agent && inAdmin && !mayAdminister) navigate(onlyKnowledge ? KNOWLEDGE_ROOT : '/', { replace: true });
    else if (agent && onlyKnowledge && !inKnowledge) navigate(KNOWLEDGE_ROOT, { replace: true });
  }, [agent, inAdmin, mayAdminister, onlyKnowledge, inKnowledge]);

  useEffect(() => {
    let cancelled = false;
    api.onUnauthorized = () => setAgent(null);
    api.me().then(
      (me) => {
        if (cancelled) return;
        api.csrfToken = me.csrfToken;
        setAgent(me.agent);
      },
      () => {
        if (!cancelled) setAgent(null);
      },
    );
    return () => {
      cancelled = true;
      api.onUnauthorized = undefined;
    };
  }, [api]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      window.history.replaceState(null, '', '/');
      setAgent(null);
    }
  }, [api]);

  if (agent === undefined) {
    return (
      <p className="app-loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (agent === null) return <Login api={api} onLoggedIn={setAgent} />;
  if (inAdmin && mayAdminister) return <AdminArea key={agent.id} api={api} agent={agent} onLogout={logout} />;
  if (inKnowledge || onlyKnowledge) {
    return (
      <Suspense
        fallback={
          <p className="app-loading" role="status">
            {t('app.loading')}
          </p>
        }
      >
        <KnowledgeArea key={agent.id} api={api} agent={agent} onLogout={logout} />
      </Suspense>
    );
  }
  return (
    <CannedAnswersProvider api={api}>
      <Workspace key={agent.id} api={api} agent={agent} onLogout={logout} />
    </CannedAnswersProvider>
  );
}
