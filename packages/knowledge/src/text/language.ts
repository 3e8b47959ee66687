/**
 * Language detection for German and English by function words and spelling cues. A character
 * n-gram model would guess on three words; this one says `unknown` when the evidence is thin,
 * which is the honest answer for "ok", an order number or an emoji.
 */
import type { DetectedLanguage } from './language-codes.ts';
import { fold, tokenize } from './normalize.ts';

// Frequent words that are (almost) never words of the other language. "die", "was", "an", "so",
// "in" are left out on purpose: they are words in both.
const GERMAN_MARKERS = new Set(
  `der das und ist nicht ich sie wir ihr du ein eine einen einem einer mit auf fur zu den dem des von
  im sind kann konnen wie warum wann wer welche welcher welches mein meine meinen mich mir bitte
  habe hat haben wird werden wurde noch auch aber oder wenn dass nach bei aus uber zum zur sich
  es gibt geht kein keine nicht mehr sehr schon danke hallo`.split(/\s+/),
);
const ENGLISH_MARKERS = new Set(
  `the and is are not you we they he she it of to my with for on this that what how why when who which
  can could would should will do does did have has had be been your our their there please thanks
  hello from about into at by i me any some than then only just get`.split(/\s+/),
);
const GERMAN_SPELLING = /[äöüß]/;
const GERMAN_ENDINGS = /(ung|keit|heit|lich|schaft|chen|ieren)$/;
const ENGLISH_ENDINGS = /(ing|tion|ly|ness|ed)$/;

/** Evidence needed before naming a language (a marker word counts 1, a spelling cue 0.5). */
const MIN_EVIDENCE = 2;

/** `de`, `en`, or `unknown` when the text is too short or too mixed to say. */
export function detectLanguage(text: string): DetectedLanguage {
  let german = 0;
  let english = 0;
  // The first 300 words decide: enough for any message, and bounded for a 100 KB one.
  for (const token of tokenize(text).slice(0, 300)) {
    const word = fold(token);
    if (GERMAN_MARKERS.has(word)) german += 1;
    if (ENGLISH_MARKERS.has(word)) english += 1;
    if (GERMAN_SPELLING.test(token)) german += 0.5;
    if (word.length > 5 && GERMAN_ENDINGS.test(word)) german += 0.5;
    if (word.length > 5 && ENGLISH_ENDINGS.test(word)) english += 0.5;
  }
  if (Math.max(german, english) < MIN_EVIDENCE) return 'unknown';
  if (german >= 2 * english) return 'de';
  if (english >= 2 * german) return 'en';
  return 'unknown';
}
