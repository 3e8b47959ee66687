import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGES, rememberLanguage } from '../i18n/index.ts';

/** Switches the interface language and remembers the choice in this browser (per agent, when known). */
export function LanguageSelect({ agentId, className }: { agentId?: string; className?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'de';
  return (
    <div className={className ? `language ${className}` : 'language'}>
      <label htmlFor={id}>{t('header.language')}</label>
      <select
        id={id}
        value={current}
        onChange={(event) => {
          const language = event.target.value;
          if (!isLanguage(language)) return;
          rememberLanguage(language, agentId);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((language) => (
          // Each language names itself, in its own language.
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
