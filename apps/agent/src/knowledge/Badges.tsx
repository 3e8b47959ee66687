import { useTranslation } from 'react-i18next';
import type { Language, Visibility } from './routes.ts';

/** Draft, internal or public: who sees the article, at a glance. */
export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return (
    <span className={`badge kb-visibility kb-visibility--${visibility}`} data-visibility={visibility}>
      {t(`knowledge.visibility.${visibility}`)}
    </span>
  );
}

export function LanguageBadge({ language }: { language: Language }) {
  const { t } = useTranslation();
  return (
    <span className="badge kb-language" title={t(`knowledge.languages.${language}`)} data-language={language}>
      {language.toUpperCase()}
    </span>
  );
}
