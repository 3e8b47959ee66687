import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. The
 * timestamp in the signed text stops replays of old deliveries; receivers check it is recent.
 */
export const SIGNATURE_HEADER = 'x-sofortdesk-signature';

export function signPayload(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Constant-time check of a signature header; false for anything malformed or older than toleranceS. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowS - timestamp) > toleranceS) return false;
  const expected = Buffer.from(signPayload(secret, body, timestamp).slice(-64), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
