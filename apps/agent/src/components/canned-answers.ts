/**
 * The logic of canned answers in the composer, apart from React: finding "/shortcut" at the caret,
 * choosing the answers that match, and filling in placeholders.
 */
import type { CannedAnswer } from '../api/types.ts';

/** What the agent is typing after "/": where it starts (at the "/") and ends (the caret), and the query. */
export interface Trigger {
  start: number;
  end: number;
  query: string;
}

// "/" at the start of the text or after white space, then letters, digits, "-" or "_" up to the caret.
// Not after other characters, so "und/oder" or a URL never opens the list.
const TRIGGER = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u;

/** The "/word" directly before the caret, if there is one. */
export function findTrigger(text: string, caret: number): Trigger | null {
  const match = TRIGGER.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, end: caret, query };
}

/**
 * The answers for a query: shortcuts that start with it first, then those whose shortcut or title
 * contains it; answers of another language than the conversation's are left out.
 */
export function matchAnswers(
  answers: readonly CannedAnswer[],
  query: string,
  language: string | null,
  limit = 8,
): CannedAnswer[] {
  const needle = query.toLocaleLowerCase();
  const fits = answers.filter(
    (answer) => answer.language === null || language === null || answer.language === language,
  );
  const starts = fits.filter((answer) => answer.shortcut.startsWith(needle));
  const contains = fits.filter(
    (answer) =>
      !answer.shortcut.startsWith(needle) &&
      (answer.shortcut.includes(needle) || answer.title.toLocaleLowerCase().includes(needle)),
  );
  return [...starts, ...contains].slice(0, limit);
}

export interface PlaceholderValues {
  contactName: string | null;
}

/**
 * Fills in {{contact.name}}. Without a name the placeholder goes, and with it the space or comma
 * that joined it to the text: "Hallo {{contact.name}}, danke" becomes "Hallo, danke", not "Hallo , danke".
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  const placeholder = /\{\{\s*contact\.name\s*\}\}/g;
  const name = values.contactName?.trim();
  if (name) return text.replace(placeholder, name);
  return text.replace(/[ \t]*\{\{\s*contact\.name\s*\}\}/g, '').replace(/^[ \t]+/gm, '');
}

/** The text with the trigger replaced by the answer, and where the caret goes (after the answer). */
export function insertAnswer(
  text: string,
  trigger: Trigger,
  answerText: string,
): { text: string; caret: number } {
  const before = text.slice(0, trigger.start);
  const after = text.slice(trigger.end);
  return { text: before + answerText + after, caret: before.length + answerText.length };
}
