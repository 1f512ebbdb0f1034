import initialize from '@phi-ag/argon2/node';
import type { PasswordHasher } from '#worker/ports';
import { createArgon2Hasher } from '../shared/argon2-password-hasher';

export async function createNodePasswordHasher(): Promise<PasswordHasher> {
  return createArgon2Hasher(await initialize());
}
