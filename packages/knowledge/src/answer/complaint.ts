/**
 * Cues in a customer's message that decide whether a machine may answer at all, before any search:
 *
 * - a complaint or anger (complaint words, insults, threats to cancel or of lawyers, "!!!",
 *   shouting in capitals): never answered automatically, a person must see it;
 * - a request for a person ("Mitarbeiter", "echter Mensch", "talk to a human", "agent please"):
 *   handed over at once;
 * - a yes or no to "did this help?".
 *
 * Small, explained lexicons for German and English instead of a model: each hit names its cue, so
 * the agent reads why the system held back. They err on the side of a person: a false complaint
 * costs an agent a minute, a bot answering an angry customer costs the customer.
 */

/** Lower case, Unicode-normalised, with umlauts and ß folded, so "Beschwerde" and "beschwerde" match alike. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss');
}

/** Patterns over folded text (see `fold`); the name is what the agent reads as the reason. */
const COMPLAINT_CUES: [string, RegExp][] = [
  ['complaint', /\b(beschwer\w*|reklamation\w*|reklamier\w*|complain\w*|grievance)\b/],
  [
    'anger',
    /\b(unverschaemt\w*|frechheit|skandal\w*|katastroph\w*|inakzeptabel|unakzeptabel|unzumutbar|zumutung|enttaeusch\w*|veraergert|wuetend|stinksauer|sauer auf|abzocke\w*|abgezockt|betrug|betrueger\w*|nie wieder|miserabel|unacceptable|ridiculous|outrageous|disgrace\w*|disgusting|appalling|furious|angry|pissed|fed up|disappointed|terrible service|awful service|worst|scam\w*|fraud\w*|rip-?off|ripped off|never again|lousy)\b/,
  ],
  [
    'insult',
    /\b(idiot\w*|depp\w*|trottel\w*|unfaehig\w*|inkompetent\w*|verarsch\w*|scheiss\w*|schei\*+e|incompetent|useless|stupid|moron\w*|clowns?|crap|shit\w*|fuck\w*|wtf)\b/,
  ],
  [
    'threat-to-cancel',
    /\b(sonst\b.{0,40}\bkuendig\w*|(ich )?kuendige (ich )?(sofort|jetzt|hiermit|fristlos)|werde\b.{0,40}\bkuendigen|(i will|i'll|i am going to|i'm going to|going to|or i'll|or i will) (cancel|leave|switch)|i('m| am) cancell?ing|i('m| am) (leaving|switching))\b/,
  ],
  [
    'threat-of-lawyer',
    /\b(anwalt|anwaeltin|rechtsanwalt\w*|anwalts?kanzlei|verbraucherzentrale|rechtliche schritte|vor gericht|gerichtlich\w*|verklag\w*|klage einreichen|lawyer\w*|attorney\w*|legal action|sue you|suing|small claims|(in|to) court)\b/,
  ],
];

/** Letters only (any script), for the share of capitals. */
const LETTER = /\p{L}/gu;
const UPPER = /\p{Lu}/gu;

/**
 * Shouting: most of a message's letters are capitals, in at least two words of three letters or
 * more (one acronym such as "PDF" or "IBAN" is no shouting).
 */
function isShouting(text: string): boolean {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters < 8) return false;
  const upper = text.match(UPPER)?.length ?? 0;
  const shoutedWords = text.match(/\b\p{Lu}{3,}\b/gu)?.length ?? 0;
  return upper / letters >= 0.7 && shoutedWords >= 2;
}

export interface ComplaintSignal {
  isComplaint: boolean;
  /** The cues found, in English (complaint, anger, insult, threat-to-cancel, threat-of-lawyer, exclamations, shouting). */
  cues: string[];
}

/** Whether the message is a complaint or angry, and why. Never throws; empty text is no complaint. */
export function detectComplaint(text: string): ComplaintSignal {
  const sample = text.slice(0, 5_000);
  const folded = fold(sample);
  const cues = COMPLAINT_CUES.filter(([, pattern]) => pattern.test(folded)).map(([name]) => name);
  // Three or more exclamation marks in a run ("!!!", "!?!!"): anger more often than joy in a support chat.
  if (/[!?]*![!?]*![!?]*!/.test(sample.replace(/\s+/g, ''))) cues.push('exclamations');
  if (isShouting(sample)) cues.push('shouting');
  return { isComplaint: cues.length > 0, cues };
}

/** Explicit requests: a verb of talking with a word for a person, or a fixed phrase. */
const PERSON_PHRASES = [
  /\b(echte[nmrs]?|richtige[nmrs]?|lebende[nmrs]?) (mensch\w*|person|mitarbeiter\w*)\b/,
  /\b(mensch\w*|person|mitarbeiter\w*|mitarbeiterin|kundenberater\w*|sachbearbeiter\w*|berater\w*|support|kundendienst|jemande\w*)\b.{0,40}\b(sprechen|reden|verbinden|chatten|telefonieren|schreiben)\b/,
  /\b(sprechen|reden|verbinden|chatten)\b.{0,40}\b(mensch\w*|person|mitarbeiter\w*|berater\w*|kundenberater\w*|sachbearbeiter\w*|jemande\w*)\b/,
  /\b(real|actual|live) (person|human|agent|people)\b/,
  /\b(talk|speak|chat|connect|transfer|put) (me )?(to|with|through to)\b.{0,30}\b(human|person|agent|someone|somebody|representative|operator|staff|support|people)\b/,
  /\b(human|agent|representative|operator|mitarbeiter\w*|mensch) (please|bitte)\b/,
  /\b(kein|keinen|no|not a) (bot|roboter|robot|maschine|machine)\b/,
];
/** Single words that ask for a person only in a short message ("Mitarbeiter!", "agent please"). */
const PERSON_WORDS =
  /\b(mitarbeiter\w*|mensch|menschen|person|berater\w*|human|agent|representative|operator|someone)\b/;

/** Whether the customer asks to talk to a person instead of the bot. */
export function asksForPerson(text: string): boolean {
  const folded = fold(text.slice(0, 5_000));
  if (PERSON_PHRASES.some((pattern) => pattern.test(folded))) return true;
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 && words.length <= 4 && PERSON_WORDS.test(folded);
}

const NO_REPLY = [
  /^(nein|nee|noe|ne|no|nope|nah)\b/,
  /\b(nicht geholfen|hilft( mir)? nicht|hat( mir)? nicht geholfen|leider nicht|nicht wirklich|hat nichts gebracht|bringt nichts|didn'?t help|did not help|doesn'?t help|does not help|not helpful|no help|not really|unfortunately not)\b/,
];
const YES_REPLY = [
  /^(ja|jo|jep|jup|yes|yeah|yep|yup|genau|ok|okay|super|perfekt|prima|toll|klasse|great|perfect|awesome|danke|dankeschoen|vielen dank|thanks|thank you|thx|merci)\b/,
  /\b(hat( mir)? geholfen|hilft( mir)?|that helped|it helped|this helped|helpful|problem geloest|geloest|solved)\b/,
];

/**
 * A customer's reply to "did this help?": 'yes', 'no', or null when the message is something else
 * (a longer text is a new question, not an answer). 👍 and 👎 count.
 */
export function helpfulnessReply(text: string): 'yes' | 'no' | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 200) return null;
  if (/👎/u.test(trimmed)) return 'no';
  const folded = fold(trimmed);
  const words = folded.match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0) return /👍/u.test(trimmed) ? 'yes' : null;
  if (words.length > 12) return null;
  const plain = words.join(' ');
  if (NO_REPLY.some((pattern) => pattern.test(plain))) return 'no';
  if (YES_REPLY.some((pattern) => pattern.test(plain)) || /👍/u.test(trimmed)) return 'yes';
  return null;
}
