import { describe, expect, it } from 'vitest';
import { replySubject } from './email-outbound.ts';

describe('replySubject', () => {
  it('puts one "Re:" before the customer\'s subject, whatever prefixes their client added', () => {
    expect(replySubject('Lieferung')).toBe('Re: Lieferung');
    expect(replySubject('AW: Re: WG: Lieferung')).toBe('Re: Lieferung');
    expect(replySubject('RE[2]: Antw: Rechnung 4711')).toBe('Re: Rechnung 4711');
    // "Reise" starts like "Re" but is no prefix.
    expect(replySubject('Reisebuchung')).toBe('Re: Reisebuchung');
  });

  it('keeps a subject on one line (no header of its own from a line break)', () => {
    expect(replySubject('Frage\r\nBcc: alle@example.test')).toBe('Re: Frage Bcc: alle@example.test');
  });
});
