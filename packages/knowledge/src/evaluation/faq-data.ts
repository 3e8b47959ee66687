/**
 * The FAQ evaluation formats (JSON Lines; see shared/data/README.md): knowledge items
 * `{"id","question","answer","lang"}` and queries `{"id","text","relevant":[ids],"lang"}`.
 * A bad line is reported with its number, never as a stack trace.
 */
import { isLanguage, type Language } from '../text/language-codes.ts';

export interface FaqItem {
  id: string;
  question: string;
  answer: string;
  lang: Language;
}

export interface FaqQuery {
  id: string;
  text: string;
  relevant: string[];
  lang: Language;
}

export class DataError extends Error {}

const isString = (value: unknown): value is string => typeof value === 'string';

/** JSON Lines, one object per line, each checked; a bad line is a DataError naming its number. */
export function parseJsonLines<T>(
  text: string,
  source: string,
  check: (value: Record<string, unknown>) => string | T,
): T[] {
  const rows: T[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${source}, line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DataError(`${where}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new DataError(`${where}: expected a JSON object`);
    const row = check(value as Record<string, unknown>);
    if (typeof row === 'string') throw new DataError(`${where}: ${row}`);
    rows.push(row);
  });
  if (rows.length === 0) throw new DataError(`${source}: no records`);
  return rows;
}

export function parseFaqItems(text: string, source: string): FaqItem[] {
  return parseJsonLines(text, source, (value) => {
    const { id, question, answer, lang } = value;
    if (!isString(id) || !id) return 'needs a non-empty string "id"';
    if (!isString(question)) return 'needs a string "question"';
    if (!isString(answer)) return 'needs a string "answer"';
    if (!isLanguage(lang)) return '"lang" must be "de" or "en"';
    return { id, question, answer, lang };
  });
}

export function parseFaqQueries(text: string, source: string): FaqQuery[] {
  return parseJsonLines(text, source, (value) => {
    const { id, text: query, relevant, lang } = value;
    if (!isString(id) || !id) return 'needs a non-empty string "id"';
    if (!isString(query)) return 'needs a string "text"';
    if (!Array.isArray(relevant) || !relevant.every(isString))
      return '"relevant" must be an array of item ids';
    if (!isLanguage(lang)) return '"lang" must be "de" or "en"';
    return { id, text: query, relevant, lang };
  });
}
