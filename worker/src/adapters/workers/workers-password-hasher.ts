import Argon2 from '@phi-ag/argon2';
import argon2Module from '@phi-ag/argon2/argon2.wasm';
import type { PasswordHasher } from '#worker/ports';
import { createArgon2Hasher } from '../shared/argon2-password-hasher';

let hasher: PasswordHasher | undefined;

/** Argon2id from the bundled wasm module; instantiated once per isolate. */
export function workersPasswordHasher(): PasswordHasher {
  hasher ??= createArgon2Hasher(new Argon2(new WebAssembly.Instance(argon2Module, {})));
  return hasher;
}
