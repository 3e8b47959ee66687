/**
 * Identity tokens of the web chat channel: the company's backend vouches for a logged-in customer with
 * a JWT (HS256) signed with one of the inbox's identity secrets. Claims: sub (the customer's id in the
 * company's systems), aud (the inbox id), exp (required); email and name optional.
 */
import { errors, jwtVerify } from 'jose';
import type { IdentityVerifier, VerifiedIdentity } from '@sofortdesk/domain';
import { cleanText } from '@sofortdesk/protocol';

type Result = Awaited<ReturnType<IdentityVerifier['verify']>>;

/** A claim as single-line text of at most max characters, or null. */
function claimText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const text = cleanText(value).replace(/\s+/g, ' ').trim();
  return text.length > 0 && text.length <= max ? text : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const joseIdentityVerifier: IdentityVerifier = {
  async verify(token, secrets, audience) {
    const encoder = new TextEncoder();
    let result: Result = { ok: false, reason: 'invalid' };
    // Every secret is tried, also after one matched: how long this takes does not tell which one did.
    // jose compares the HMAC in constant time (Web Crypto's verify).
    for (const secret of secrets) {
      try {
        const { payload } = await jwtVerify(token, encoder.encode(secret), {
          algorithms: ['HS256'],
          audience,
          requiredClaims: ['sub', 'aud', 'exp'],
          clockTolerance: 30,
        });
        const customerId = claimText(payload.sub, 200);
        if (!customerId || result.ok) continue;
        const email = claimText(payload.email, 320);
        const identity: VerifiedIdentity = {
          customerId,
          email: email && EMAIL.test(email) ? email.toLowerCase() : null,
          name: claimText(payload.name, 200),
          expiresAt: new Date(payload.exp! * 1000).toISOString(),
        };
        result = { ok: true, identity };
      } catch (error) {
        // Expired is told apart (the widget asks the page for a fresh token); it is only ever thrown
        // after the signature was verified, so it says nothing about a forged token.
        if (error instanceof errors.JWTExpired && !result.ok) result = { ok: false, reason: 'expired' };
      }
    }
    return result;
  },
};
