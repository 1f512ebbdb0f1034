import { users } from '#db/schema';
import type { Deps } from '#worker/ports';
import type { RegisterBody } from '#worker/schemas/auth';
import { enqueueVerification } from '../account/verify-email';
import { assertAvailable } from '../users/availability';
import { type OwnUser, ownUserColumns, toOwnUser } from '../users/own-user';
import { userConflictFrom } from '../users/unique-violation';
import { assertAcceptablePassword } from './password-policy';
import { type SessionTokens, startSession } from './session';

export interface AuthResult extends SessionTokens {
  user: OwnUser;
}

/**
 * Creates an account and signs it in. 422 for a common password, 409 `conflict` naming the field
 * when the email or username is taken (also when another request wins the race for it).
 */
export async function register(
  deps: Deps,
  input: RegisterBody,
  options: { verified?: boolean } = {},
): Promise<AuthResult> {
  assertAcceptablePassword(input.password, input);
  await assertAvailable(deps.db, { email: input.email, username: input.username });
  const passwordHash = await deps.passwordHasher.hash(input.password);
  const now = deps.clock.now();
  try {
    const result = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          email: input.email,
          username: input.username,
          passwordHash,
          // Demo accounts (db/seed.ts) have addresses nobody reads: they count as verified from the start.
          emailVerifiedAt: options.verified ? now : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ ...ownUserColumns, tokenVersion: users.tokenVersion });
      if (!row) throw new Error('Insert returned no user');
      const tokens = await startSession(deps, tx, row);
      if (!options.verified) {
        await enqueueVerification(tx, { userId: row.id, email: row.email, publicUrl: deps.config.publicUrl }, now);
      }
      const { tokenVersion: _, ...user } = row;
      return { user: toOwnUser(user), ...tokens };
    });
    if (!options.verified) deps.mail.kick();
    return result;
  } catch (error) {
    throw userConflictFrom(error) ?? error;
  }
}
