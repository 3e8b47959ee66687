import { z } from 'zod';

/**
 * Inbound plain text as we store it: Unicode NFC, no control characters but tab and line breaks
 * (NUL would break PostgreSQL, the rest breaks terminals and CSV exports), no lone surrogates.
 */
export function cleanText(value: string): string {
  return (
    value
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\p{Surrogate}/gu, '\uFFFD')
  );
}

/** A required plain-text field of at most `max` characters, cleaned (see cleanText). */
export const plainText = (max: number) => z.string().max(max).transform(cleanText);

/** A short, single-line label (names, identifiers): trimmed, cleaned, 1..max characters after trimming. */
export const shortText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) =>
      cleanText(value)
        .replace(/[\r\n\t]+/g, ' ')
        .trim(),
    )
    .pipe(z.string().min(1, 'must not be empty'));
