/** The help centre's own words, in German and English. */
import type { Language } from '@sofortdesk/domain';

const de = {
  helpCentre: 'Hilfe',
  searchLabel: 'Wonach suchen Sie?',
  searchPlaceholder: 'z. B. Lieferzeit, Rechnung, Passwort',
  search: 'Suchen',
  resultsFor: (query: string) => `Ergebnisse für „${query}“`,
  noResults: 'Dazu haben wir leider keinen Artikel gefunden. Schreiben Sie uns: Wir helfen gern persönlich.',
  noArticles: 'Hier gibt es noch keine Artikel.',
  otherLanguage: 'Nur auf Englisch',
  alsoIn: 'Auch auf Englisch lesen',
  didItHelp: 'Hat Ihnen dieser Artikel geholfen?',
  yes: 'Ja',
  no: 'Nein',
  thanks: 'Danke für Ihre Rückmeldung!',
  sorry: 'Danke! Schade, dass der Artikel nicht geholfen hat. Schreiben Sie uns, wir helfen persönlich.',
  back: 'Zur Übersicht',
  notFound: 'Diese Seite gibt es nicht.',
  updated: 'Aktualisiert',
  languageSwitch: 'English',
  uncategorised: 'Weitere Artikel',
  privacy: 'Datenschutz-Center: Einwilligungen, Ihre Daten herunterladen oder löschen',
};

const en: typeof de = {
  helpCentre: 'Help',
  searchLabel: 'What are you looking for?',
  searchPlaceholder: 'e.g. delivery time, invoice, password',
  search: 'Search',
  resultsFor: (query: string) => `Results for “${query}”`,
  noResults: "We couldn't find an article about that. Write to us: we're happy to help in person.",
  noArticles: 'There are no articles here yet.',
  otherLanguage: 'Only in German',
  alsoIn: 'Auf Deutsch lesen',
  didItHelp: 'Did this article help you?',
  yes: 'Yes',
  no: 'No',
  thanks: 'Thank you for your feedback!',
  sorry: "Thank you! Sorry it didn't help. Write to us and we'll help in person.",
  back: 'All articles',
  notFound: 'This page does not exist.',
  updated: 'Updated',
  languageSwitch: 'Deutsch',
  uncategorised: 'More articles',
  privacy: 'Privacy centre: your consents, download or erase your data',
};

export const STRINGS: Record<Language, typeof de> = { de, en };

/** The visitor's language from Accept-Language: the first of ours they name, German otherwise. */
export function languageFrom(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('de')) return 'de';
    if (tag.startsWith('en')) return 'en';
  }
  return 'de';
}
