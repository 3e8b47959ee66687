import { describe, expect, it } from 'vitest';
import { asksForPerson, detectComplaint, helpfulnessReply } from './complaint.ts';

describe('detectComplaint', () => {
  it.each([
    ['Ich möchte mich beschweren', 'complaint'],
    ['Das ist eine Frechheit, seit drei Wochen keine Lieferung', 'anger'],
    ['Ihr seid doch alle unfähig', 'insult'],
    ['Wenn das nicht bis morgen klappt, kündige ich sofort', 'threat-to-cancel'],
    ['Sonst werde ich meinen Vertrag kündigen.', 'threat-to-cancel'],
    ['Mein Anwalt wird sich bei Ihnen melden', 'threat-of-lawyer'],
    ['Ich schalte die Verbraucherzentrale ein', 'threat-of-lawyer'],
    ['This is unacceptable!!!', 'anger'],
    ['I want to file a complaint about my order', 'complaint'],
    ['You are useless', 'insult'],
    ["Fix it or I'll cancel my subscription", 'threat-to-cancel'],
    ['I will take legal action', 'threat-of-lawyer'],
    ['WO BLEIBT MEINE BESTELLUNG', 'shouting'],
    ['Warum dauert das so lange!!!', 'exclamations'],
  ])('%s → %s', (text, cue) => {
    const signal = detectComplaint(text);
    expect(signal.isComplaint).toBe(true);
    expect(signal.cues).toContain(cue);
  });

  it.each([
    'Wie ändere ich mein Passwort?',
    'Wie kündige ich meinen Vertrag?',
    'How do I cancel my subscription?',
    'Kann ich die Rechnung als PDF bekommen?',
    'Welches Gericht empfehlen Sie heute?',
    'My IBAN changed, where do I update it?',
    'Danke!',
    '',
    '🙂🙂🙂',
  ])('%s is no complaint', (text) => {
    expect(detectComplaint(text)).toEqual({ isComplaint: false, cues: [] });
  });

  it('never throws on odd input and reads only the start of a huge text', () => {
    expect(detectComplaint('\u0000\uffff'.repeat(1000)).isComplaint).toBe(false);
    expect(detectComplaint('a'.repeat(100_000) + ' beschwerde').isComplaint).toBe(false);
  });
});

describe('asksForPerson', () => {
  it.each([
    'Mitarbeiter',
    'Mitarbeiter bitte!',
    'Ich möchte mit einem echten Menschen sprechen',
    'Kann ich bitte mit einem Mitarbeiter reden?',
    'Bitte verbinden Sie mich mit einem Berater',
    'talk to a human',
    'agent please',
    'Can I speak to a real person?',
    'Please connect me with someone from support',
    'Kein Bot bitte',
  ])('%s asks for a person', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    'Wie füge ich einen neuen Mitarbeiter zu meinem Konto hinzu?',
    'Wie ändere ich mein Passwort?',
    'How do I add a user agent string to the request header?',
    'Where is my parcel?',
    '',
  ])('%s does not', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
});

describe('helpfulnessReply', () => {
  it.each([
    ['Ja', 'yes'],
    ['ja, danke!', 'yes'],
    ['Danke, das hat geholfen', 'yes'],
    ['yes', 'yes'],
    ['Thanks!', 'yes'],
    ['👍', 'yes'],
    ['Nein', 'no'],
    ['nein, leider nicht', 'no'],
    ['Hat nicht geholfen', 'no'],
    ['no', 'no'],
    ["That didn't help", 'no'],
    ['👎', 'no'],
  ])('%s → %s', (text, expected) => {
    expect(helpfulnessReply(text)).toBe(expected);
  });

  it.each(['Wie ändere ich meine Lieferadresse?', 'Where can I download the invoice?', '', 'x'.repeat(1000)])(
    '%s is neither',
    (text) => {
      expect(helpfulnessReply(text)).toBeNull();
    },
  );
});
