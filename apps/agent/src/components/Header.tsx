import { useTranslation } from 'react-i18next';
import type { Agent } from '../api/types.ts';
import type { RealtimeStatus } from '../realtime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import { Logo } from './Logo.tsx';

export interface HeaderProps {
  agent: Agent;
  realtime: RealtimeStatus;
  onHelp: () => void;
  onLogout: () => void;
}

export function Header({ agent, realtime, onHelp, onLogout }: HeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <Logo size={24} />
        <span className="topbar__name">Sofortdesk</span>
        <span className="topbar__section">{t('header.workspace')}</span>
      </div>
      <div className={`realtime realtime--${realtime}`} role="status" data-realtime={realtime}>
        <span className="realtime__dot" aria-hidden="true" />
        {t(`realtime.${realtime}`)}
      </div>
      <div className="topbar__end">
        <span className="topbar__who">{t('header.signedInAs', { name: agent.name })}</span>
        <LanguageSelect agentId={agent.id} className="topbar__language" />
        <button type="button" className="button button--ghost" onClick={onHelp} aria-keyshortcuts="?">
          <span aria-hidden="true" className="kbd-inline">
            ?
          </span>{' '}
          {t('header.help')}
        </button>
        <button type="button" className="button button--ghost" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
