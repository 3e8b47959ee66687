/**
 * CSRF protection for the privacy centre's forms, which work without script: a random cookie
 * (HttpOnly, SameSite=Strict) and, in every form, its MAC with the installation's key. A POST needs
 * both to match, and an Origin header, where the browser sends one, must be this host. Another site
 * can neither read the cookie nor make the MAC, and cookies planted from a sibling domain have no MAC.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newCsrfCookie = (): string => randomBytes(24).toString('base64url');

export function csrfFieldFor(key: Uint8Array, cookie: string): string {
  return createHmac('sha256', key).update(`privacy-csrf:${cookie}`).digest('base64url');
}

export function csrfValid(key: Uint8Array, cookie: string | undefined, field: unknown): boolean {
  if (!cookie || typeof field !== 'string' || field.length > 100) return false;
  const expected = Buffer.from(csrfFieldFor(key, cookie));
  const given = Buffer.from(field);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A browser's Origin header, where it names one, is this very host. "null" passes: browsers send it
 * for every form POST under Referrer-Policy no-referrer (our secure headers' default); the MAC decides.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || origin === 'null') return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
