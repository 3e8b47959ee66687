import { expect, it } from 'vitest';
import { cleanText, shortText } from './text.ts';

it('removes control characters but keeps line breaks and tabs', () => {
  expect(cleanText('a\u0000b\u0007c\n\td\u007f')).toBe('abc\n\td');
});

it('normalises to NFC and replaces lone surrogates', () => {
  expect(cleanText('Mu\u0308ller')).toBe('Müller');
  expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
});

it('trims short texts to one line and refuses what is empty afterwards', () => {
  expect(shortText(20).parse('  Erika\nMustermann ')).toBe('Erika Mustermann');
  expect(shortText(20).safeParse(' \u0000 ').success).toBe(false);
  expect(shortText(3).safeParse('abcd').success).toBe(false);
});
