import { and, eq, isNull } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';
import type { Deps } from '#worker/ports';
import { enqueueMail } from '../mail/enqueue-mail';
import { consumeEmailToken, issueEmailToken, linkTo } from './email-tokens';

/** Issues a verification link for the user's current address and queues the message. */
export async function enqueueVerification(
  tx: Executor,
  input: { userId: string; email: string; publicUrl: string },
  now: Date,
): Promise<void> {
  const token = await issueEmailToken(tx, { userId: input.userId, purpose: 'email_verify', email: input.email, now });
  const url = linkTo(input.publicUrl, 'verify-email', token);
  await enqueueMail(tx, [{ kind: 'email_verify', userId: input.userId, to: input.email, payload: { url } }], now);
}

/** Marks the address verified, if the link was for the address the account still has. */
export async function verifyEmail(deps: Deps, token: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { userId, email } = await consumeEmailToken(tx, token, 'email_verify', now);
    await tx
      .update(users)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, userId), eq(users.email, email), isNull(users.emailVerifiedAt)));
  });
}

/** A fresh link for a signed-in user whose address is not verified yet; nothing when it is. */
export async function resendVerification(deps: Deps, userId: string): Promise<void> {
  const now = deps.clock.now();
  const sent = await deps.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, userId));
    if (!user || user.verifiedAt) return false;
    await enqueueVerification(tx, { userId, email: user.email, publicUrl: deps.config.publicUrl }, now);
    return true;
  });
  if (sent) deps.mail.kick();
}
