import { describe, expect, it } from 'vitest';
import { complexity, countQuestions, triageLanguage } from './complexity.ts';

describe('triageLanguage', () => {
  it('detects German and English, and falls back for short or unclear texts', () => {
    expect(triageLanguage('Ich habe meine Rechnung nicht bekommen, bitte helfen Sie mir', 'en')).toBe('de');
    expect(triageLanguage('I did not get my invoice, can you please help me', 'de')).toBe('en');
    expect(triageLanguage('ok', 'de')).toBe('de');
    expect(triageLanguage('4711-2002', 'en')).toBe('en');
  });
});

describe('countQuestions', () => {
  it('counts sentences ending in "?" and those opening with a question word', () => {
    expect(countQuestions('Wo ist mein Paket? Und wann kommt die Rechnung?')).toBe(2);
    expect(countQuestions('how do i reset my password')).toBe(1);
    expect(countQuestions('Danke für die Hilfe.')).toBe(0);
  });
});

describe('complexity', () => {
  const simple = complexity({ text: 'How do I reset my password?' });

  it('is low for a short factual question', () => {
    expect(simple.score).toBeLessThan(0.3);
    expect(simple.reasons).toEqual([]);
  });

  it('rises with several questions, emotion, account facts and failed automatic answers', () => {
    const many = complexity({ text: 'Wo ist mein Paket? Wann kommt die Rechnung? Kann ich umtauschen?' });
    expect(many.questions).toBe(3);
    expect(many.score).toBeGreaterThan(simple.score);
    expect(many.reasons).toContain('questions:3');

    const facts = complexity({ text: 'Bestellung 4711234 vom 12.03.2025 über 49,90 € fehlt' });
    expect(facts.facts).toEqual(expect.arrayContaining(['reference', 'date', 'amount']));
    expect(facts.score).toBeGreaterThan(simple.score);

    const emotional = complexity({ text: 'How do I reset my password?', sentiment: 'negative', anger: true });
    expect(emotional.reasons).toEqual(['negative', 'anger']);
    expect(emotional.score).toBeGreaterThan(0.6);

    const failed = complexity({ text: 'How do I reset my password?', failedAutomaticAnswers: 2 });
    expect(failed.reasons).toEqual(['failed-answers:2']);
    expect(failed.score).toBeGreaterThan(0.8);
  });

  it('stays within 0..1 for anything', () => {
    for (const text of [
      '',
      '?'.repeat(10_000),
      'x@y.de DE89370400440532013000 12345 ' + 'wort '.repeat(200),
    ]) {
      const { score } = complexity({ text, anger: true, sentiment: 'negative', failedAutomaticAnswers: 9 });
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
