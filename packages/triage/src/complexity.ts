/**
 * Language and complexity, pure functions of a message and what the caller knows about it.
 *
 * Complexity (0..1) is how likely the request needs a person rather than an automatic answer. It
 * adds up, on a logistic scale, cues that each make a machine's answer less likely to be enough:
 * several questions in one message, emotion (negative sentiment, anger), account-specific facts a
 * knowledge article cannot know (order and invoice numbers, amounts, dates, e-mail addresses, IBANs),
 * a long message, and earlier automatic answers that failed on this conversation. The weights are
 * set by hand and explained by the returned reasons; an account's outcomes can refit them later.
 */
import { detectLanguage, type Language } from '@sofortdesk/knowledge';

/**
 * The message's language; when the detector cannot tell (a short text such as "ok", an order
 * number, or a mixed one), the fallback the caller knows (contact's, then inbox's language).
 */
export function triageLanguage(text: string, fallback: Language): Language {
  const detected = detectLanguage(text);
  return detected === 'unknown' ? fallback : detected;
}

export interface ComplexityInput {
  text: string;
  /** From the sentiment signal, when computed (a customer may have declined the analysis). */
  sentiment?: 'negative' | 'neutral' | 'positive';
  anger?: boolean;
  /** Automatic answers on this conversation the customer said did not help. */
  failedAutomaticAnswers?: number;
}

export interface Complexity {
  score: number;
  /** Why, in English keys: questions:N, negative, anger, facts:KIND…, long, failed-answers:N. */
  reasons: string[];
  questions: number;
  facts: string[];
}

const FACTS: [string, RegExp][] = [
  ['email', /[\w.+-]+@[\w-]+\.[\w.-]+/],
  ['iban', /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b/],
  // An order, invoice, customer or ticket number: a number of 5+ digits, or one with letters.
  ['reference', /\b(?=[A-Z0-9-]*\d)[A-Z]{1,4}-?\d{4,}\b|\b\d{5,}\b/i],
  ['amount', /(?:€|\$|£|\beur\b|\busd\b)\s?\d|\d(?:[.,]\d{1,2})?\s?(?:€|eur\b|euro\b|\$|usd\b|dollars?\b)/i],
  ['date', /\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b/],
];

// Sentences that ask: ending in "?" or starting with a question word (customers often leave out "?").
const QUESTION_START =
  /^(wie|was|warum|wieso|weshalb|wann|wo|wer|welche\w*|kann|konnen|können|darf|gibt|ist|sind|habe|hat|how|what|why|when|where|who|which|can|could|would|is|are|do|does|did|will)\b/i;

/** Questions in a text: sentences ending in "?" or opening with a question word. */
export function countQuestions(text: string): number {
  const sentences = text
    .slice(0, 5_000)
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return sentences.filter((s) => s.endsWith('?') || QUESTION_START.test(s)).length;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export function complexity(input: ComplexityInput): Complexity {
  const text = input.text.slice(0, 10_000);
  const reasons: string[] = [];
  // Base: a short factual question a knowledge article can answer scores low (≈ 0.18).
  let logit = -1.5;
  const questions = countQuestions(text);
  if (questions >= 2) {
    logit += 0.8 * Math.min(questions - 1, 3);
    reasons.push(`questions:${questions}`);
  }
  if (input.sentiment === 'negative') {
    logit += 0.8;
    reasons.push('negative');
  }
  if (input.anger) {
    logit += 1.5;
    reasons.push('anger');
  }
  const facts = FACTS.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);
  if (facts.length) {
    logit += 0.9 + 0.3 * (facts.length - 1);
    reasons.push(`facts:${facts.join('+')}`);
  }
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words > 80) {
    logit += 0.7;
    reasons.push('long');
  }
  const failed = input.failedAutomaticAnswers ?? 0;
  if (failed > 0) {
    logit += 1.5 * Math.min(failed, 2);
    reasons.push(`failed-answers:${failed}`);
  }
  return { score: logistic(logit), reasons, questions, facts };
}
