import { and, eq } from 'drizzle-orm';
import { users } from '#db/schema';
import { oncePer } from '#worker/once-per';
import type { Deps, PasswordHasher } from '#worker/ports';

/** `$argon2id$v=19$m=19456,t=2,p=1` of an encoded hash: everything before the salt. */
function parametersOf(encoded: string): string {
  const parts = encoded.split('$');
  return parts.slice(0, 4).join('$');
}

// The hasher's current parameters, learnt once per hasher from a hash of its own.
const parametersNowUsedBy = oncePer((hasher: PasswordHasher) => hasher.hash('parameter probe').then(parametersOf));

/**
 * After a successful login, re-hashes a password stored with older parameters, so raising the
 * argon2id cost takes effect for every active user without a migration. The update is skipped
 * if the hash changed meanwhile (a concurrent password change wins).
 */
export async function rehashIfOutdated(
  deps: Pick<Deps, 'db' | 'passwordHasher'>,
  user: { id: string; passwordHash: string },
  password: string,
): Promise<void> {
  if (parametersOf(user.passwordHash) === (await parametersNowUsedBy(deps.passwordHasher))) return;
  const passwordHash = await deps.passwordHasher.hash(password);
  await deps.db
    .update(users)
    .set({ passwordHash })
    .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
}
