/**
 * The triage evaluation formats (JSON Lines; see shared/data/README.md): intents `{"text","label"}`
 * (`oos` = out of scope) and sentiment `{"text","sentiment",…}`. A bad line is reported with its
 * number (the knowledge package's `DataError`), never as a stack trace.
 */
import { DataError } from '@sofortdesk/knowledge';
import type { LabelledText } from '../intent-classifier.ts';
import { SENTIMENTS, type LabelledSentiment, type Sentiment } from '../sentiment/sentiment.ts';

function parseLines<T>(
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

export function parseIntentExamples(text: string, source: string): LabelledText[] {
  return parseLines(text, source, (value) => {
    if (typeof value.text !== 'string') return 'needs a string "text"';
    if (typeof value.label !== 'string' || !value.label) return 'needs a non-empty string "label"';
    return { text: value.text, label: value.label };
  });
}

export function parseSentimentExamples(text: string, source: string): LabelledSentiment[] {
  return parseLines(text, source, (value) => {
    if (typeof value.text !== 'string') return 'needs a string "text"';
    if (!SENTIMENTS.includes(value.sentiment as Sentiment))
      return '"sentiment" must be "negative", "neutral" or "positive"';
    return { text: value.text, sentiment: value.sentiment as Sentiment };
  });
}
