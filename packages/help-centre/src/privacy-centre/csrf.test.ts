import { describe, expect, it } from 'vitest';
import { csrfFieldFor, csrfValid, newCsrfCookie, sameOrigin } from './csrf.ts';

const key = new Uint8Array(32).fill(7);

describe('privacy-centre CSRF fields', () => {
  it("accepts the field of this browser's cookie only", () => {
    const cookie = newCsrfCookie();
    const field = csrfFieldFor(key, cookie);
    expect(csrfValid(key, cookie, field)).toBe(true);
    expect(csrfValid(key, newCsrfCookie(), field)).toBe(false);
    expect(csrfValid(new Uint8Array(32).fill(8), cookie, field)).toBe(false);
    // A planted cookie with itself as the field (plain double submit) does not pass.
    expect(csrfValid(key, cookie, cookie)).toBe(false);
  });

  it('refuses a missing cookie or field, and odd values', () => {
    const cookie = newCsrfCookie();
    expect(csrfValid(key, undefined, csrfFieldFor(key, cookie))).toBe(false);
    expect(csrfValid(key, cookie, undefined)).toBe(false);
    expect(csrfValid(key, cookie, '')).toBe(false);
    expect(csrfValid(key, cookie, 'x'.repeat(1000))).toBe(false);
    expect(csrfValid(key, cookie, ['a'])).toBe(false);
  });

  it('accepts no Origin, "null" and this host; refuses other origins', () => {
    expect(sameOrigin(undefined, 'desk.example')).toBe(true);
    expect(sameOrigin('null', 'desk.example')).toBe(true);
    expect(sameOrigin('https://desk.example', 'desk.example')).toBe(true);
    expect(sameOrigin('https://evil.example', 'desk.example')).toBe(false);
    expect(sameOrigin('https://desk.example.evil.example', 'desk.example')).toBe(false);
    expect(sameOrigin('not a url', 'desk.example')).toBe(false);
  });
});
