import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';

/**
 * Gives the account with this email the admin role; returns its username, or undefined when no
 * account has that email. The role is read from the database on every request, so it applies at once.
 */
export async function promoteToAdmin(db: Executor, email: string): Promise<string | undefined> {
  const [row] = await db
    .update(users)
    .set({ role: 'admin', updatedAt: new Date() })
    .where(eq(users.email, email.trim().toLowerCase()))
    .returning({ username: users.username });
  return row?.username;
}
