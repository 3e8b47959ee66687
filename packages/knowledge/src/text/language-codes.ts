/** The languages the knowledge base analyses; `unknown` when the text does not say. */
export type Language = 'de' | 'en';
export type DetectedLanguage = Language | 'unknown';

export const LANGUAGES: readonly Language[] = ['de', 'en'];

export const isLanguage = (value: unknown): value is Language => value === 'de' || value === 'en';
