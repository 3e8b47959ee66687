import { describe, expect, it } from 'vitest';
import { isLoginToken, isSessionToken, loginTokenFor, newSessionToken, sha256Hex } from './privacy-centre.ts';

const key = (byte: number) => new Uint8Array(32).fill(byte);
const ID = '3f2b8c1e-4a5d-4e6f-9a7b-0c1d2e3f4a5b';

describe('privacy-centre login tokens', () => {
  it('derives the same token for a login id again (a retried mail sends the same link)', async () => {
    const token = await loginTokenFor(key(1), ID);
    expect(token).toBe(await loginTokenFor(key(1), ID));
    expect(token.startsWith(`sdp_${ID}.`)).toBe(true);
    expect(isLoginToken(token)).toBe(true);
  });

  it('cannot be derived without the key, nor moved to another login', async () => {
    const token = await loginTokenFor(key(1), ID);
    expect(await loginTokenFor(key(2), ID)).not.toBe(token);
    const otherId = ID.replace(/5b$/, '5c');
    expect((await loginTokenFor(key(1), otherId)).split('.')[1]).not.toBe(token.split('.')[1]);
  });

  it('takes only well-formed tokens to the database', async () => {
    expect(isLoginToken('')).toBe(false);
    expect(isLoginToken(`sdp_${ID}`)).toBe(false);
    expect(isLoginToken(`sdp_${ID}.short`)).toBe(false);
    expect(isLoginToken(`${await loginTokenFor(key(1), ID)}x`)).toBe(false);
    const session = newSessionToken();
    expect(isSessionToken(session)).toBe(true);
    expect(isSessionToken(session.slice(0, -1))).toBe(false);
    expect(newSessionToken()).not.toBe(session);
  });

  it('hashes with SHA-256 (what is stored instead of the token)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
