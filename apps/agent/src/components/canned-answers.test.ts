import { describe, expect, it } from 'vitest';
import type { CannedAnswer } from '../api/types.ts';
import { fillPlaceholders, findTrigger, insertAnswer, matchAnswers } from './canned-answers.ts';

const answer = (shortcut: string, title: string, language: 'de' | 'en' | null = null): CannedAnswer => ({
  id: shortcut,
  shortcut,
  title,
  text: `Text ${shortcut}`,
  language,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('findTrigger', () => {
  it('finds "/word" at the start of the text or of a word, up to the caret', () => {
    expect(findTrigger('/vers', 5)).toEqual({ start: 0, end: 5, query: 'vers' });
    expect(findTrigger('Hallo /vers', 11)).toEqual({ start: 6, end: 11, query: 'vers' });
    expect(findTrigger('Hallo\n/', 7)).toEqual({ start: 6, end: 7, query: '' });
    expect(findTrigger('/grüße', 6)).toEqual({ start: 0, end: 6, query: 'grüße' });
  });

  it('ignores "/" inside words and URLs, and text after the caret', () => {
    expect(findTrigger('und/oder', 8)).toBeNull();
    expect(findTrigger('https://example.test/versand', 28)).toBeNull();
    expect(findTrigger('/vers weiter', 12)).toBeNull();
    expect(findTrigger('/vers weiter', 5)).toEqual({ start: 0, end: 5, query: 'vers' });
  });
});

describe('matchAnswers', () => {
  const answers = [answer('versand', 'Versandzeit'), answer('retoure', 'Rücksendung', 'de')];

  it('puts shortcuts that start with the query before other matches', () => {
    const list = [answer('dank', 'Versand danke'), ...answers];
    expect(matchAnswers(list, 'vers', null).map((a) => a.shortcut)).toEqual(['versand', 'dank']);
    expect(matchAnswers(list, '', null)).toHaveLength(3);
  });

  it("leaves out answers of another language than the conversation's", () => {
    expect(matchAnswers(answers, '', 'en').map((a) => a.shortcut)).toEqual(['versand']);
    expect(matchAnswers(answers, '', 'de').map((a) => a.shortcut)).toEqual(['versand', 'retoure']);
  });
});

describe('fillPlaceholders', () => {
  it("fills in the contact's name", () => {
    expect(fillPlaceholders('Hallo {{contact.name}}, danke!', { contactName: 'Erika' })).toBe(
      'Hallo Erika, danke!',
    );
    expect(fillPlaceholders('Hi {{ contact.name }}', { contactName: 'Ben' })).toBe('Hi Ben');
  });

  it('removes the placeholder gracefully without a name', () => {
    expect(fillPlaceholders('Hallo {{contact.name}}, danke!', { contactName: null })).toBe('Hallo, danke!');
    expect(fillPlaceholders('{{contact.name}} – willkommen', { contactName: ' ' })).toBe('– willkommen');
  });
});

describe('insertAnswer', () => {
  it('replaces the trigger and puts the caret after the answer', () => {
    const text = 'Hallo /vers bis bald';
    expect(insertAnswer(text, { start: 6, end: 11, query: 'vers' }, 'Ihr Paket kommt.')).toEqual({
      text: 'Hallo Ihr Paket kommt. bis bald',
      caret: 22,
    });
  });
});
