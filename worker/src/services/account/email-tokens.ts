import { and, eq, gt, isNull } from 'drizzle-orm';
import { type EmailTokenPurpose, emailTokens } from '#db/schema';
import type { Executor } from '#db/types';
import { AppError } from '#worker/errors';
import { generateRefreshToken, hashRefreshToken } from '../auth/refresh-token';

export const emailTokenTtlMs: Record<EmailTokenPurpose, number> = {
  password_reset: 30 * 60 * 1000,
  email_verify: 7 * 24 * 3600 * 1000,
  email_change: 24 * 3600 * 1000,
  email_change_undo: 7 * 24 * 3600 * 1000,
};

export const linkInvalid = () =>
  new AppError('link_invalid', 'This link was already used, has expired or is not valid; ask for a new one');

/**
 * Issues a 256-bit single-use token for a mailed link and stores only its SHA-256. Earlier unused
 * tokens of the same purpose stop working: only the newest link in the inbox is live.
 */
export async function issueEmailToken(
  tx: Executor,
  input: { userId: string; purpose: EmailTokenPurpose; email: string; now: Date },
): Promise<string> {
  await retireEmailTokens(tx, input.userId, input.purpose, input.now);
  const token = generateRefreshToken();
  await tx.insert(emailTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    email: input.email,
    tokenHash: await hashRefreshToken(token),
    expiresAt: new Date(input.now.getTime() + emailTokenTtlMs[input.purpose]),
    createdAt: input.now,
  });
  return token;
}

/** Marks a user's unused tokens of one purpose as used. */
export async function retireEmailTokens(tx: Executor, userId: string, purpose: EmailTokenPurpose, now: Date) {
  await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}

/** A live token's user and address without using it up (to check a new password first). */
export async function peekEmailToken(db: Executor, token: string, purpose: EmailTokenPurpose, now: Date) {
  const [row] = await db
    .select({ userId: emailTokens.userId, email: emailTokens.email })
    .from(emailTokens)
    .where(liveToken(await hashRefreshToken(token), purpose, now));
  if (!row) throw linkInvalid();
  return row;
}

/**
 * Uses a token up in one statement: of two requests with the same link exactly one wins. A used,
 * expired or unknown token is 400 `link_invalid`.
 */
export async function consumeEmailToken(tx: Executor, token: string, purpose: EmailTokenPurpose, now: Date) {
  const [row] = await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(liveToken(await hashRefreshToken(token), purpose, now))
    .returning({ userId: emailTokens.userId, email: emailTokens.email });
  if (!row) throw linkInvalid();
  return row;
}

const liveToken = (tokenHash: string, purpose: EmailTokenPurpose, now: Date) =>
  and(
    eq(emailTokens.tokenHash, tokenHash),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, now),
  );

/** The web page a mailed link opens, which posts the token back to the API. */
export const linkTo = (publicUrl: string, page: string, token: string) =>
  `${publicUrl}/${page}?token=${encodeURIComponent(token)}`;
