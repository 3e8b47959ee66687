import { describe, expect, it } from 'vitest';
import { newSecretKey, SecretBox } from './secret-box.ts';

const key = (fill: number) => new Uint8Array(32).fill(fill);

describe('SecretBox (AES-256-GCM)', () => {
  it('opens what it sealed, and the sealed text shows nothing of the secret', () => {
    const box = new SecretBox(key(1));
    const sealed = box.encrypt('imap-päss-wörd');
    expect(sealed).not.toContain('imap');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(box.decrypt(sealed)).toBe('imap-päss-wörd');
  });

  it('seals the same secret differently every time (a fresh IV)', () => {
    const box = new SecretBox(key(1));
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a value sealed with another key', () => {
    const sealed = new SecretBox(key(1)).encrypt('secret');
    expect(() => new SecretBox(key(2)).decrypt(sealed)).toThrow();
  });

  it('refuses a changed ciphertext or tag instead of returning garbage', () => {
    const box = new SecretBox(key(1));
    const [version, iv, tag, data] = box.encrypt('secret value').split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => box.decrypt([version, iv, tag, flip(data!)].join('.'))).toThrow();
    expect(() => box.decrypt([version, iv, flip(tag!), data].join('.'))).toThrow();
    expect(() => box.decrypt('plain text')).toThrow(/not a sealed secret/);
  });

  it('takes only 32-byte keys; newSecretKey makes one', () => {
    expect(() => new SecretBox(new Uint8Array(16))).toThrow(/32 bytes/);
    expect(Buffer.from(newSecretKey(), 'base64')).toHaveLength(32);
  });
});
