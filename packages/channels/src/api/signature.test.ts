import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature.ts';

describe('webhook signatures', () => {
  const now = 1_800_000_000;
  it('verifies its own signature', () => {
    expect(verifySignature('s3cret', '{"a":1}', signPayload('s3cret', '{"a":1}', now), now)).toBe(true);
  });
  it('rejects another body, another secret, an old timestamp and garbage', () => {
    const header = signPayload('s3cret', '{"a":1}', now);
    expect(verifySignature('s3cret', '{"a":2}', header, now)).toBe(false);
    expect(verifySignature('other', '{"a":1}', header, now)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', header, now + 301)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', 't=1,v1=zz', now)).toBe(false);
  });
});
