import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '@sofortdesk/domain';

/** Algorithm.Argon2id of @node-rs/argon2, an ambient const enum that isolated modules cannot import. */
const ARGON2ID = 2;

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
export const argon2Hasher: PasswordHasher = {
  hash: (password) =>
    hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  verify: async (hashed, password) => {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  },
};
