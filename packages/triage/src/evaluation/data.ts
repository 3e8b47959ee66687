/**
 * The triage evaluation formats (JSON Lines; see shared/data/README.md): intents `{"text","label"}`
 * (`oos` = out of scope) and sentiment `{"text","sentiment",…}`. A bad line is reported with its
 * number (the knowledge package's `parseJsonLines`), never as a stack trace.
 */
import { parseJsonLines } from '@sofortdesk/knowledge';
import type { LabelledText } from '../intent-classifier.ts';
import { SENTIMENTS, type LabelledSentiment, type Sentiment } from '../sentiment/sentiment.ts';

export function parseIntentExamples(text: string, source: string): LabelledText[] {
  return parseJsonLines(text, source, (value) => {
    if (typeof value.text !== 'string') return 'needs a string "text"';
    if (typeof value.label !== 'string' || !value.label) return 'needs a non-empty string "label"';
    return { text: value.text, label: value.label };
  });
}

export function parseSentimentExamples(text: string, source: string): LabelledSentiment[] {
  return parseJsonLines(text, source, (value) => {
    if (typeof value.text !== 'string') return 'needs a string "text"';
    if (!SENTIMENTS.includes(value.sentiment as Sentiment))
      return '"sentiment" must be "negative", "neutral" or "positive"';
    return { text: value.text, sentiment: value.sentiment as Sentiment };
  });
}
