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
  you: 'Sie',
  team: 'Team',
  offline: 'Offline – Nachrichten werden später gesendet',
  connecting: 'Verbinde …',
  online: 'Wir antworten hier im Chat',
  unread: (n: number) => (n === 1 ? '1 neue Nachricht' : `${n} neue Nachrichten`),
  attachment: 'Anhang',
  poweredBy: 'Chat von Sofortdesk',
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
  you: 'You',
  team: 'Team',
  offline: 'Offline – messages will be sent later',
  connecting: 'Connecting …',
  online: 'We reply here in the chat',
  unread: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  attachment: 'Attachment',
  poweredBy: 'Chat by Sofortdesk',
};

export const STRINGS: Record<Language, Strings> = { de, en };
