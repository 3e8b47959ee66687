/** The widget speaks German or English: data-language on the script, else the browser's language. */
export type Language = 'de' | 'en';

const primary = (tag: string | null | undefined) => tag?.trim().toLowerCase().split('-')[0];

/** data-language wins; otherwise the first of the browser's languages that is German or English. */
export function pickLanguage(attribute: string | null | undefined, browser: readonly string[]): Language {
  for (const tag of [attribute, ...browser]) {
    const language = primary(tag);
    if (language === 'de' || language === 'en') return language;
  }
  return 'en';
}

/** "10 Minuten", "einer Stunde", "2 hours": minutes up to an hour, whole hours (rounded up) beyond. */
function duration(minutes: number, language: Language): string {
  const hours = Math.ceil(minutes / 60);
  if (language === 'de') {
    if (minutes < 60) return minutes === 1 ? 'einer Minute' : `von ${minutes} Minuten`;
    return hours === 1 ? 'einer Stunde' : `von ${hours} Stunden`;
  }
  if (minutes < 60) return minutes === 1 ? 'a minute' : `${minutes} minutes`;
  return hours === 1 ? 'an hour' : `${hours} hours`;
}

const de = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  minimize: 'Chat minimieren',
  title: 'Chat',
  greeting: 'Hallo! Wie können wir helfen?',
  placeholder: 'Nachricht schreiben …',
  message: 'Ihre Nachricht',
  send: 'Senden',
  sending: 'Wird gesendet …',
  queued: 'Wird gesendet, sobald Sie wieder online sind',
  failed: 'Nicht gesendet',
  agentTyping: 'Das Team schreibt …',
  suggestions: 'Vielleicht hilft Ihnen das sofort:',
  you: 'Sie',
  team: 'Team',
  bot: 'Automatische Antwort',
  helpedYes: 'Ja',
  helpedNo: 'Nein',
  helpedQuestion: 'Hat Ihnen das geholfen?',
  offline: 'Offline – Nachrichten werden später gesendet',
  connecting: 'Verbinde …',
  online: 'Wir antworten hier im Chat',
  unread: (n: number) => (n === 1 ? '1 neue Nachricht' : `${n} neue Nachrichten`),
  attachment: 'Anhang',
  poweredBy: 'Chat von Sofortdesk',
  privacy: 'Datenschutz',
  read: 'Gelesen',
  replyWithin: (minutes: number) => `Wir antworten in der Regel innerhalb ${duration(minutes, 'de')}`,
  backAt: (day: string, time: string) => `Wir sind ab ${day}, ${time} wieder da`,
  today: 'heute',
  tomorrow: 'morgen',
  preChatIntro: 'Bevor es losgeht: Wie können wir Sie erreichen?',
  name: 'Name (freiwillig)',
  email: 'E-Mail-Adresse',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  start: 'Chat starten',
};

export type Strings = typeof de;

const en: Strings = {
  open: 'Open chat',
  close: 'Close chat',
  minimize: 'Minimise chat',
  title: 'Chat',
  greeting: 'Hi! How can we help?',
  placeholder: 'Write a message …',
  message: 'Your message',
  send: 'Send',
  sending: 'Sending …',
  queued: 'Will be sent when you are back online',
  failed: 'Not sent',
  agentTyping: 'The team is typing …',
  suggestions: 'This might answer your question right away:',
  you: 'You',
  team: 'Team',
  bot: 'Automatic answer',
  helpedYes: 'Yes',
  helpedNo: 'No',
  helpedQuestion: 'Did this help?',
  offline: 'Offline – messages will be sent later',
  connecting: 'Connecting …',
  online: 'We reply here in the chat',
  unread: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  attachment: 'Attachment',
  poweredBy: 'Chat by Sofortdesk',
  privacy: 'Privacy',
  read: 'Read',
  replyWithin: (minutes: number) => `We usually reply within ${duration(minutes, 'en')}`,
  backAt: (day: string, time: string) => `We're back ${day} at ${time}`,
  today: 'today',
  tomorrow: 'tomorrow',
  preChatIntro: 'Before we start: how can we reach you?',
  name: 'Name (optional)',
  email: 'Email address',
  emailInvalid: 'Please enter a valid email address.',
  start: 'Start chat',
};

export const STRINGS: Record<Language, Strings> = { de, en };
