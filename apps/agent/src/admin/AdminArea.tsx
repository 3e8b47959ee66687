/**
 * The administration: inboxes, agents and teams, canned answers. Each screen has its own address
 * (/admin/inboxes, /admin/team, /admin/canned-answers), so a reload or a link opens it again.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client.ts';
import type { Agent } from '../api/types.ts';
import { Header } from '../components/Header.tsx';
import { AdminApi } from './api.ts';
import { ConsentsApi } from '../consents/api.ts';
import { ConsentPurposesScreen } from '../consents/ConsentPurposesScreen.tsx';
import { PrivacyApi } from '../privacy/api.ts';
import { PrivacySettingsScreen } from '../privacy/PrivacySettingsScreen.tsx';
import { SlaApi } from '../sla/api.ts';
import { SlaPoliciesScreen } from '../sla/SlaPoliciesScreen.tsx';
import { RoutingApi } from '../routing/api.ts';
import { RoutingRulesScreen } from '../routing/RoutingRulesScreen.tsx';
import { AutomaticAnswersScreen } from './AutomaticAnswersScreen.tsx';
import { CannedAnswersScreen } from './CannedAnswersScreen.tsx';
import { InboxesScreen } from './InboxesScreen.tsx';
import { ADMIN_ROOT, followLink, navigate, usePathname } from './navigation.ts';
import { TeamScreen } from './TeamScreen.tsx';
import { AssignmentApi } from '../assignment/api.ts';
import { AssignmentScreen } from '../assignment/AssignmentScreen.tsx';

const SECTIONS = [
  'inboxes',
  'team',
  'assignment',
  'canned-answers',
  'automatic-answers',
  'routing',
  'sla',
  'consents',
  'privacy',
] as const;
type Section = (typeof SECTIONS)[number];

const SECTION_TITLE = {
  inboxes: 'admin.sections.inboxes',
  team: 'admin.sections.team',
  assignment: 'admin.sections.assignment',
  'canned-answers': 'admin.sections.cannedAnswers',
  'automatic-answers': 'admin.sections.automaticAnswers',
  routing: 'admin.sections.routing',
  consents: 'admin.sections.consents',
  privacy: 'admin.sections.privacy',
  sla: 'admin.sections.sla',
} as const;

/** "/admin/inboxes/<id>" → ["inboxes", "<id>"]; an unknown section is undefined. */
function route(pathname: string): { section: Section | undefined; rest: string | undefined } {
  const [section, rest] = pathname.slice(ADMIN_ROOT.length + 1).split('/');
  const known = SECTIONS.find((candidate) => candidate === section);
  let decoded: string | undefined;
  try {
    decoded = rest ? decodeURIComponent(rest) : undefined;
  } catch {
    decoded = undefined;
  }
  return { section: known, rest: decoded };
}

export interface AdminAreaProps {
  api: ApiClient;
  agent: Agent;
  onLogout: () => Promise<void>;
}

export function AdminArea({ api, agent, onLogout }: AdminAreaProps) {
  const { t } = useTranslation();
  const admin = useMemo(() => new AdminApi(api), [api]);
  const consents = useMemo(() => new ConsentsApi(api), [api]);
  const privacy = useMemo(() => new PrivacyApi(api), [api]);
  const sla = useMemo(() => new SlaApi(api), [api]);
  const routing = useMemo(() => new RoutingApi(api), [api]);
  const assignment = useMemo(() => new AssignmentApi(api), [api]);
  const pathname = usePathname();
  const { section, rest } = route(pathname);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!section) navigate(`${ADMIN_ROOT}/inboxes`, { replace: true });
  }, [section]);

  // Leaving the administration gives the page its own title back (runs before the effect below sets one).
  useEffect(() => {
    const previous = document.title;
    return () => {
      document.title = previous;
    };
  }, []);
  // A new screen: its title names the page, and keyboard and screen reader users start at its heading.
  const title = section ? t(SECTION_TITLE[section]) : '';
  const first = useRef(true);
  useEffect(() => {
    document.title = `${title} · ${t('admin.title')} · Sofortdesk`;
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [section, title, t]);

  return (
    <div className="workspace admin">
      <a className="skip-link" href="#admin-main">
        {t('admin.skip')}
      </a>
      <Header agent={agent} area="admin" onLogout={() => void onLogout()} />
      <div className="admin__body">
        <nav className="admin__nav" aria-label={t('admin.nav')}>
          <ul>
            {SECTIONS.map((key) => (
              <li key={key}>
                <a
                  href={`${ADMIN_ROOT}/${key}`}
                  className="admin__link"
                  aria-current={section === key ? 'page' : undefined}
                  onClick={followLink}
                >
                  {t(SECTION_TITLE[key])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="admin-main" className="admin__main" ref={main} tabIndex={-1} aria-labelledby="admin-title">
          <h1 id="admin-title" className="admin__title">
            {title}
          </h1>
          {section === 'inboxes' && <InboxesScreen api={admin} selectedId={rest ?? null} />}
          {section === 'team' && <TeamScreen api={admin} me={agent.id} />}
          {section === 'assignment' && <AssignmentScreen api={assignment} admin={admin} />}
          {section === 'canned-answers' && <CannedAnswersScreen api={admin} />}
          {section === 'automatic-answers' && <AutomaticAnswersScreen api={admin} />}
          {section === 'routing' && <RoutingRulesScreen routing={routing} admin={admin} />}
          {section === 'consents' && <ConsentPurposesScreen api={consents} />}
          {section === 'privacy' && <PrivacySettingsScreen api={privacy} />}
          {section === 'sla' && <SlaPoliciesScreen api={sla} admin={admin} />}
        </main>
      </div>
    </div>
  );
}
