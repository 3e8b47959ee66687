/**
 * Secrets at rest (an e-mail inbox's IMAP password and threading key): AES-256-GCM with the
 * installation's key (SOFORTDESK_SECRET_KEY, or DATA_DIR/secret.key). A stolen database dump alone
 * reveals no mailbox password; a changed or truncated value fails to open instead of decrypting to
 * garbage (GCM's tag). The sealed form is text, so it fits any column:
 * `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '@sofortdesk/domain';

const VERSION = 'v1';
const IV_BYTES = 12;
export const SECRET_KEY_BYTES = 32;

export class SecretBox implements SecretCipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== SECRET_KEY_BYTES) {
      throw new Error(`the secret key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
    }
    this.key = Buffer.from(key);
  }

  encrypt(plain: string): string {
    // A fresh random IV per value: GCM must never see one IV twice under one key.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not a sealed secret');
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
    if (iv!.length !== IV_BYTES || tag!.length !== 16) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!);
    decipher.setAuthTag(tag!);
    // final() throws when the tag does not match: wrong key, or a value changed in the database.
    return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
  }
}

/** A new random key, as stored in DATA_DIR/secret.key (base64). */
export function newSecretKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}
