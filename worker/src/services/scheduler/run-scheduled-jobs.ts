import { and, eq, lte } from 'drizzle-orm';
import { posts } from '../../../../db/schema';
import { invalidate } from '../../cache/cached';
import { publicContent } from '../../cache/public-content';
import type { Deps } from '../../ports';
import { publishFollowerNotifications, publishPostUpdated } from '../posts/post-events';
import { loadPostView } from '../posts/post-view';
import { adjustPostsCount, notifyFollowersOfPublish } from '../posts/publication';

export interface ScheduledJobsResult {
  published: number;
}

/**
 * Publishes every scheduled post whose time has come. The status flip is one UPDATE ... RETURNING,
 * so two overlapping runs (two Node instances, a late cron) never publish the same post twice; the
 * author counters and followers' `publish` notifications are written in that same transaction.
 * Realtime events go out after commit. The Node entry calls this on a timer, Workers on a cron.
 */
export async function runScheduledJobs(deps: Deps): Promise<ScheduledJobsResult> {
  const now = deps.clock.now();
  const published = await deps.db.transaction(async (tx) => {
    const due = await tx
      .update(posts)
      .set({ status: 'published' })
      .where(and(eq(posts.status, 'scheduled'), lte(posts.publishedAt, now)))
      .returning({ id: posts.id, authorId: posts.authorId });
    const done = [];
    for (const post of due) {
      const recipients = await notifyFollowersOfPublish(tx, post);
      await adjustPostsCount(tx, post.authorId, 'scheduled', 'published');
      done.push({ id: post.id, recipients });
    }
    return done;
  });
  if (published.length > 0) await invalidate(deps, publicContent);
  for (const { id, recipients } of published) {
    const view = await loadPostView(deps.db, id, undefined, now);
    publishPostUpdated(deps, view);
    publishFollowerNotifications(deps, view, recipients, now);
  }
  if (published.length > 0) deps.logger.info('scheduled posts published', { count: published.length });
  return { published: published.length };
}
