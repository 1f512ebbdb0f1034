import { and, eq, lte } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { Deps } from '#worker/ports';
import { followerNotificationEvents, postUpdatedEvent } from '../posts/post-events';
import { adjustPostsCount, notifyFollowersOfPublish } from '../posts/publication';
import { enqueueRoomEvents } from '../realtime/outbox';

export interface ScheduledJobsResult {
  published: number;
}

/**
 * Publishes every scheduled post whose time has come. The status flip is one UPDATE ... RETURNING,
 * so two overlapping runs (two Node instances, a late cron) never publish the same post twice; the
 * author counters and followers' `publish` notifications are written in that same transaction.
 * Their room events are queued in it too (ADR 0101). The Node entry calls this on a timer, Workers on a cron.
 */
export async function runScheduledJobs(deps: Deps): Promise<ScheduledJobsResult> {
  const now = deps.clock.now();
  const published = await deps.db.transaction(async (tx) => {
    const due = await tx
      .update(posts)
      .set({ status: 'published' })
      .where(and(eq(posts.status, 'scheduled'), lte(posts.publishedAt, now)))
      .returning({ id: posts.id, authorId: posts.authorId });
    for (const post of due) {
      const recipients = await notifyFollowersOfPublish(tx, post);
      await adjustPostsCount(tx, post.authorId, 'scheduled', 'published');
      await enqueueRoomEvents(tx, [postUpdatedEvent(post.id), ...followerNotificationEvents(recipients)]);
    }
    return due.map(({ id }) => id);
  });
  if (published.length > 0) {
    await deps.changes.announce(...published.map((id) => ({ entity: 'post' as const, id })));
    deps.realtime.flush();
    deps.logger.info('scheduled posts published', { count: published.length });
  }
  return { published: published.length };
}
