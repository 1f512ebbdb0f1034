import type Argon2 from '@phi-ag/argon2';
import { Argon2Type, Argon2Version } from '@phi-ag/argon2';
import type { PasswordHasher } from '#worker/ports';

/** OWASP's argon2id baseline; stored in the encoded hash, so it can be raised without a migration. */
export const argon2Options = {
  type: Argon2Type.Argon2id,
  version: Argon2Version.Version13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  hashLength: 32,
} as const;

/**
 * The same hasher on every runtime; only how the WebAssembly instance is obtained differs
 * (workerd forbids compiling wasm from bytes, so it receives a bundled module).
 */
export function createArgon2Hasher(argon2: Argon2): PasswordHasher {
  return {
    async hash(password) {
      return argon2.hash(password, argon2Options).encoded;
    },
    async verify(hash, password) {
      return argon2.tryVerify(hash, password, Argon2Type.Argon2id).success;
    },
  };
}
