/** i18next with both languages bundled: nothing is fetched at run time. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de.ts';
import { en, type Texts } from './en.ts';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Texts };
  }
}

const STORED = 'sofortdesk.language';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The language chosen in this browser for this agent (or, before login, for anyone). */
export function storedLanguage(agentId?: string): Language | undefined {
  const value = storage()?.getItem(agentId ? `${STORED}.${agentId}` : STORED);
  return isLanguage(value) ? value : undefined;
}

export function rememberLanguage(language: Language, agentId?: string): void {
  try {
    storage()?.setItem(STORED, language);
    if (agentId) storage()?.setItem(`${STORED}.${agentId}`, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** Before login: the last choice in this browser, else the browser's own language. */
export function initialLanguage(): Language {
  const stored = storedLanguage();
  if (stored) return stored;
  const preferred = globalThis.navigator?.languages ?? [];
  for (const tag of preferred) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'de';
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: { de: { translation: de }, en: { translation: en } },
    // React escapes; i18next must not do it again (it would show &lt; to the reader).
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  applyDocumentLanguage(language);
  i18next.on('languageChanged', (lng) => applyDocumentLanguage(lng));
  return i18next;
}

function applyDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export { i18next };
