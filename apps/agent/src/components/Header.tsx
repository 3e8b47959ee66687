import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { ADMIN_ROOT, followLink } from '../admin/navigation.ts';
import { KNOWLEDGE_ROOT } from '../knowledge/routes.ts';
import type { RealtimeStatus } from '../realtime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import type { ApiClient } from '../api/client.ts';
import { AvailabilitySelect } from '../assignment/AvailabilitySelect.tsx';
import { Logo } from './Logo.tsx';

export interface HeaderProps {
  agent: Agent;
  /** Which area is shown: the workspace (default), the knowledge base or the administration. */
  area?: 'workspace' | 'knowledge' | 'admin';
  /** The live connection; the admin area has none. */
  realtime?: RealtimeStatus;
  onHelp?: () => void;
  onLogout: () => void;
  /** Given in the workspace: the agent's availability for automatic assignment is chosen here. */
  api?: ApiClient;
}

/**
 * The top bar. Everyone switches between the areas their role can use here: agents between the
 * workspace and the knowledge base, admins also to the administration, partners have only knowledge.
 */
export function Header({ agent, area = 'workspace', realtime, onHelp, onLogout, api }: HeaderProps) {
  const { t } = useTranslation();
  const areas = [
    { key: 'workspace', href: '/', label: t('header.workspace'), shown: agent.role !== 'partner' },
    { key: 'knowledge', href: KNOWLEDGE_ROOT, label: t('header.knowledge'), shown: true },
    { key: 'admin', href: `${ADMIN_ROOT}/inboxes`, label: t('header.admin'), shown: agent.role === 'admin' },
  ].filter((link) => link.shown);
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <Logo size={24} />
        <span className="topbar__name">Sofortdesk</span>
        {areas.length > 1 ? (
          <nav className="topbar__areas" aria-label={t('header.areas')}>
            {areas.map((link) => (
              <a
                key={link.key}
                href={link.href}
                className="topbar__area"
                aria-current={area === link.key ? 'page' : undefined}
                onClick={followLink}
              >
                {link.label}
              </a>
            ))}
          </nav>
        ) : (
          <span className="topbar__section">{areas[0]?.label ?? t('header.workspace')}</span>
        )}
      </div>
      {realtime && (
        <div className={`realtime realtime--${realtime}`} role="status" data-realtime={realtime}>
          <span className="realtime__dot" aria-hidden="true" />
          {t(`realtime.${realtime}`)}
        </div>
      )}
      <div className="topbar__end">
        <span className="topbar__who">{t('header.signedInAs', { name: agent.name })}</span>
        {api && agent.role !== 'partner' && <AvailabilitySelect api={api} />}
        <LanguageSelect agentId={agent.id} className="topbar__language" />
        {onHelp && (
          <button type="button" className="button button--ghost" onClick={onHelp} aria-keyshortcuts="?">
            <span aria-hidden="true" className="kbd-inline">
              ?
            </span>{' '}
            {t('header.help')}
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
