import { eq, sql } from 'drizzle-orm';
import { mailSuppressions, users } from '#db/schema';
import type { Executor } from '#db/types';
import { notFound } from '#worker/errors';

export interface AccountState {
  username: string;
  email: string;
  emailVerified: boolean;
  /** A hard bounce or complaint: only security mail still goes to the address. */
  emailSuppressed: boolean;
  suspended: boolean;
  createdAt: string;
}

/** What an administrator sees of an account beyond its public profile. */
export async function getAccountState(db: Executor, username: string): Promise<AccountState> {
  const [row] = await db
    .select({
      username: users.username,
      email: users.email,
      verifiedAt: users.emailVerifiedAt,
      suspendedAt: users.suspendedAt,
      createdAt: users.createdAt,
      suppressed: sql<boolean>`exists (select 1 from ${mailSuppressions} where ${mailSuppressions.address} = ${users.email})`,
    })
    .from(users)
    .where(eq(users.username, username));
  if (!row) throw notFound('User');
  return {
    username: row.username,
    email: row.email,
    emailVerified: row.verifiedAt !== null,
    emailSuppressed: Boolean(row.suppressed),
    suspended: row.suspendedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
