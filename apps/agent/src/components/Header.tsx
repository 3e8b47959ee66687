import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import { ADMIN_ROOT, followLink } from '../admin/navigation.ts';
import type { RealtimeStatus } from '../realtime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import { Logo } from './Logo.tsx';

export interface HeaderProps {
  agent: Agent;
  /** Which area is shown: the workspace (default) or the administration. */
  area?: 'workspace' | 'admin';
  /** The live connection; the admin area has none. */
  realtime?: RealtimeStatus;
  onHelp?: () => void;
  onLogout: () => void;
}

/** The top bar. Admins switch between the workspace and the administration here; others never see the link. */
export function Header({ agent, area = 'workspace', realtime, onHelp, onLogout }: HeaderProps) {
  const { t } = useTranslation();
  const areas = [
    { key: 'workspace', href: '/', label: t('header.workspace') },
    { key: 'admin', href: `${ADMIN_ROOT}/inboxes`, label: t('header.admin') },
  ] as const;
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <Logo size={24} />
        <span className="topbar__name">Sofortdesk</span>
        {agent.role === 'admin' ? (
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
          <span className="topbar__section">{t('header.workspace')}</span>
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
