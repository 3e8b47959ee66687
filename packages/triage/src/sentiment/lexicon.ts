/**
 * A small German and English sentiment lexicon, for accounts without labelled data of their own and
 * as features for the model of those with some. Entries are folded word stems (ä → a, ß → ss, see
 * the knowledge analyzer's `fold`) matched as prefixes of a word, so "enttäuscht", "Enttäuschung"
 * and "enttäuschend" share one entry. Kept short on purpose: every entry is a word customers use
 * about a service, and a reader can check the list in a minute.
 *
 * Negation: a negator ("nicht", "kein", "not", "never", "n't") within the three words before a
 * polar word, in the same clause, flips it ("nicht gut" is negative, "not bad" mildly positive).
 */
import { fold, tokenize } from '@sofortdesk/knowledge';

// prettier-ignore
const POSITIVE = [
  // German
  'gut', 'super', 'toll', 'prima', 'klasse', 'spitze', 'perfekt', 'zufrieden', 'danke', 'dank', 'freu',
  'lob', 'hilfreich', 'schnell', 'freundlich', 'puenktlich', 'punktlich', 'top', 'genial', 'wunderbar',
  'hervorragend', 'ausgezeichnet', 'empfehl', 'gelungen', 'angenehm', 'bequem', 'schoen',
  'klappt', 'funktioniert', 'geklappt', 'gefall', 'begeister', 'erfreu', 'bravo', 'gluck', 'glueck',
  // English
  'good', 'great', 'excellent', 'perfect', 'happy', 'thank', 'love', 'awesome', 'amazing', 'helpful',
  'quick', 'friendly', 'nice', 'pleased', 'satisf', 'wonderful', 'fantastic', 'recommend', 'works',
  'worked', 'appreciat', 'brilliant', 'glad', 'smooth',
];

// prettier-ignore
const NEGATIVE = [
  // German
  'schlecht', 'schlimm', 'mies', 'miserabel', 'katastroph', 'chaos', 'verspat', 'verspaet', 'ausfall',
  'ausgefall', 'fallt aus', 'storung', 'stoerung', 'gestort', 'gestoert', 'defekt', 'kaputt', 'problem',
  'arger', 'aerger', 'veraerger', 'verarger', 'enttausch', 'enttaeusch', 'frechheit', 'unverschamt',
  'unverschaemt', 'skandal', 'zumutung', 'unzumutbar', 'beschwer', 'reklam', 'fehler', 'falsch', 'nervig',
  'nerv', 'wutend', 'wuetend', 'sauer', 'streik', 'warten', 'wartezeit', 'uberfull', 'ueberfuell',
  'dreck', 'schmutz', 'teuer', 'abzock', 'betrug', 'unfall', 'todlich', 'toedlich', 'verletz',
  'leider', 'nie wieder', 'unfreundlich', 'umstand', 'stress', 'hitze', 'ausgefallen', 'gesperrt',
  'unmoglich', 'unmoeglich', 'peinlich', 'lacherlich', 'laecherlich', 'hass', 'hasse', 'scheiss',
  // English
  'bad', 'terrible', 'awful', 'horrible', 'worst', 'poor', 'broken', 'delay', 'late', 'problem',
  'issue', 'error', 'wrong', 'fail', 'angry', 'annoy', 'disappoint', 'frustrat', 'unacceptable', 'ridiculous',
  'useless', 'complain', 'never again', 'rude', 'slow', 'hate', 'scam', 'fraud', 'stuck', 'lost',
];

const NEGATORS = new Set([
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keinem',
  'keiner',
  'nie',
  'niemals',
  'ohne',
  'not',
  'no',
  'never',
  'without',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'arent',
  'cant',
  'cannot',
  'wont',
  'nothing',
]);

/** Words that start with a polar stem but are not polar: "schon" (already; folded "schön" too), "Gutschein". */
const NOT_POLAR = new Set(['schon', 'gutschein', 'gutscheine', 'gutschrift', 'later', 'topic', 'topics']);

export interface LexiconScore {
  positive: number;
  negative: number;
  /** The polar words found, with a leading "-" when negated (for explanations). */
  hits: string[];
}

function polarity(word: string): 1 | -1 | 0 {
  if (NOT_POLAR.has(word)) return 0;
  // Negative first: "unfreundlich" starts with the negative "unfreundlich", never with "freundlich".
  if (NEGATIVE.some((stem) => !stem.includes(' ') && word.startsWith(stem))) return -1;
  if (POSITIVE.some((stem) => word.startsWith(stem))) return 1;
  return 0;
}

/** Counts of positive and negative words in a text, negation applied. */
export function scoreLexicon(text: string): LexiconScore {
  const words = tokenize(text.slice(0, 5_000)).map(fold);
  let positive = 0;
  let negative = 0;
  const hits: string[] = [];
  const joined = ` ${words.join(' ')} `;
  for (const phrase of NEGATIVE.filter((stem) => stem.includes(' '))) {
    if (joined.includes(` ${phrase}`)) {
      negative += 1;
      hits.push(phrase);
    }
  }
  // Negation reaches to the end of its clause only: "kein Problem, danke" thanks without negation.
  for (const clause of text.slice(0, 5_000).split(/[,.;:!?()\n]+/)) {
    const clauseWords = tokenize(clause).map(fold);
    clauseWords.forEach((word, i) => {
      const sign = polarity(word);
      if (sign === 0) return;
      const negated = clauseWords.slice(Math.max(0, i - 3), i).some((w) => NEGATORS.has(w));
      // A negated negative ("not bad", "kein Problem") is only mildly positive.
      const value = negated ? -sign : sign;
      const weight = negated && sign < 0 ? 0.5 : 1;
      if (value > 0) positive += weight;
      else negative += weight;
      hits.push(negated ? `-${word}` : word);
    });
  }
  return { positive, negative, hits };
}

// prettier-ignore
const URGENCY = /\b(dringend\w*|sofort|umgehend|unverzueglich|unverzuglich|schnellstmoeglich|schnellstmoglich|asap|urgent\w*|immediately|right now|as soon as possible|emergency|notfall|eilt|eilig|heute noch|bis morgen|by tomorrow|today|heute|deadline|frist\w*)\b/g;

/** Urgency cues in a text (folded words), e.g. "dringend", "asap", "heute noch". */
export function urgencyCues(text: string): string[] {
  const folded = ` ${tokenize(text.slice(0, 5_000)).map(fold).join(' ')} `;
  return [...new Set([...folded.matchAll(URGENCY)].map((m) => m[0]))];
}
