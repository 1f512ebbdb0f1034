import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import { AppError } from '#worker/errors';
import type { Deps } from '#worker/ports';
import type { LoginBody } from '#worker/schemas/auth';
import { ownUserColumns, toOwnUser } from '../users/own-user';
import type { AuthResult } from './register';
import { rehashIfOutdated } from './rehash';
import { startSession } from './session';

/**
 * The hash of a random string nobody knows, with the same parameters as real hashes: an unknown
 * email costs one full verification too, so response time does not reveal which emails exist.
 */
export const dummyPasswordHash =
  '$argon2id$v=19$m=19456,t=2,p=1$bt5o7xuudf4uu5sJl5tXVA$qOYPtIM7luRPHJF6VUtgATDqyoGDFZfcfxlH7hLsQLU';

/**
 * Signs in with email and password. Unknown email and wrong password are the same 401
 * `invalid_credentials`; a suspended account, once its password is proven, is 403 `account_suspended`.
 */
export async function login(deps: Deps, input: LoginBody): Promise<AuthResult> {
  const [row] = await deps.db
    .select({
      ...ownUserColumns,
      passwordHash: users.passwordHash,
      tokenVersion: users.tokenVersion,
      suspendedAt: users.suspendedAt,
    })
    .from(users)
    .where(eq(users.email, input.email));
  const verified = await deps.passwordHasher.verify(row?.passwordHash ?? dummyPasswordHash, input.password);
  if (!row || !verified) throw new AppError('invalid_credentials', 'Email or password is incorrect');
  if (row.suspendedAt) throw new AppError('account_suspended', 'This account is suspended');
  await rehashIfOutdated(deps, row, input.password);
  const { passwordHash: _hash, tokenVersion: _version, suspendedAt: _suspended, ...user } = row;
  const tokens = await startSession(deps, deps.db, row);
  return { user: toOwnUser(user), ...tokens };
}
