import { eq, sql } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Deps } from '#worker/ports';
import { assertAcceptablePassword } from '../auth/password-policy';
import { revokeUserSessions } from '../auth/refresh-token';
import { enqueueMail } from '../mail/enqueue-mail';
import { consumeEmailToken, issueEmailToken, linkTo, peekEmailToken } from './email-tokens';

/**
 * Mails a reset link when the address has an account (and it is not suspended); otherwise does
 * nothing. The route runs this after answering, so the answer and its timing never depend on it.
 */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const { db, clock, config } = deps;
  const [user] = await db
    .select({ id: users.id, email: users.email, suspendedAt: users.suspendedAt })
    .from(users)
    .where(eq(users.email, email));
  if (!user || user.suspendedAt) return;
  const now = clock.now();
  await db.transaction(async (tx) => {
    const token = await issueEmailToken(tx, { userId: user.id, purpose: 'password_reset', email: user.email, now });
    const url = linkTo(config.publicUrl, 'reset-password', token);
    await enqueueMail(tx, [{ kind: 'password_reset', userId: user.id, to: user.email, payload: { url } }], now);
  });
  deps.mail.kick();
}

/**
 * Sets a new password from a reset link: the token is used up, every session and refresh family
 * ends (the token version is bumped, so access tokens too), the address counts as verified (the
 * link reached it), and a notice goes to the owner.
 */
export async function confirmPasswordReset(deps: Deps, input: { token: string; password: string }): Promise<void> {
  const { db, clock, passwordHasher, config } = deps;
  const now = clock.now();
  const { userId } = await peekEmailToken(db, input.token, 'password_reset', now);
  const [user] = await db
    .select({ email: users.email, username: users.username })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new Error('token outlived its user');
  assertAcceptablePassword(input.password, user, 'password');
  const passwordHash = await passwordHasher.hash(input.password);
  await db.transaction(async (tx) => {
    await consumeEmailToken(tx, input.token, 'password_reset', now);
    await tx
      .update(users)
      .set({
        passwordHash,
        tokenVersion: sql`${users.tokenVersion} + 1`,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(eq(users.id, userId));
    await revokeUserSessions(tx, userId, now);
    await enqueuePasswordChangedNotice(tx, { userId, email: user.email, publicUrl: config.publicUrl }, now);
  });
  deps.mail.kick();
}

/** "Your password was changed", with the way back if it was not the owner. */
export function enqueuePasswordChangedNotice(
  tx: Parameters<typeof enqueueMail>[0],
  input: { userId: string; email: string; publicUrl: string },
  now: Date,
) {
  return enqueueMail(
    tx,
    [
      {
        kind: 'password_changed',
        userId: input.userId,
        to: input.email,
        payload: { url: `${input.publicUrl}/forgot-password` },
      },
    ],
    now,
  );
}
