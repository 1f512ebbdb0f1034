import { and, desc, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { notifications, users } from '#db/schema';
import type { Deps } from '#worker/ports';
import { enqueueMail } from './enqueue-mail';

const usersPerRun = 200;
const itemsPerDigest = 50;
/** Under a day, so the hour still matches tomorrow however late today's run came. */
const minimumGapMs = 20 * 3600 * 1000;

/**
 * Queues a daily digest for each verified user who chose "daily" for replies or comments and whose
 * chosen hour it now is in their time zone. `last_digest_at` moves in the same transaction, so two
 * runs in the hour (two instances, a late cron) queue one digest.
 */
export async function sendDueDigests(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({
      id: users.id,
      email: users.email,
      replies: users.notifyReplies,
      comments: users.notifyComments,
      since: users.lastDigestAt,
    })
    .from(users)
    .where(
      and(
        or(eq(users.notifyReplies, 'daily'), eq(users.notifyComments, 'daily')),
        isNotNull(users.emailVerifiedAt),
        or(sql`${users.lastDigestAt} is null`, lt(users.lastDigestAt, new Date(now.getTime() - minimumGapMs))),
        sql`extract(hour from ${now.toISOString()}::timestamptz at time zone ${users.timeZone}) = ${users.digestHour}`,
      ),
    )
    .limit(usersPerRun);
  let queued = 0;
  for (const user of due) {
    const types = [user.replies === 'daily' ? 'reply' : null, user.comments === 'daily' ? 'comment' : null].filter(
      (t): t is 'reply' | 'comment' => t !== null,
    );
    const since = user.since ?? new Date(now.getTime() - 24 * 3600 * 1000);
    await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(users)
        .set({ lastDigestAt: now })
        .where(
          and(
            eq(users.id, user.id),
            user.since ? eq(users.lastDigestAt, user.since) : sql`${users.lastDigestAt} is null`,
          ),
        )
        .returning({ id: users.id });
      if (claimed.length === 0) return;
      const items = await tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, user.id),
            inArray(notifications.type, types),
            gt(notifications.createdAt, since),
          ),
        )
        .orderBy(desc(notifications.createdAt))
        .limit(itemsPerDigest);
      if (items.length === 0) return;
      const notificationIds = items.map((i) => i.id).reverse();
      await enqueueMail(tx, [{ kind: 'digest', userId: user.id, to: user.email, payload: { notificationIds } }], now);
      queued += 1;
    });
  }
  if (queued > 0) deps.mail.kick();
  return queued;
}
