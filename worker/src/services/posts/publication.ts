import { and, eq, not, sql } from 'drizzle-orm';
import { follows, notifications, type PostStatus, users } from '#db/schema';
import type { Executor } from '#db/types';
import { createNotifications } from '../notifications/create-notification';
import { lockUsers } from '../users/lock-users';
import { effectiveStatus } from './visibility';

export interface Publication {
  status: PostStatus;
  publishAt: Date | null;
  publishedAt: Date | null;
}

export interface PublicationRequest {
  status: PostStatus;
  publishAt?: string | null;
}

/**
 * The stored publication fields for a requested status. A scheduled post keeps its time in
 * publishedAt too (see db/schema/posts.ts); one whose time has passed is published at once. A post
 * readers can already see keeps its original publishedAt, so re-saving does not bump it to the top.
 */
export function publicationFor(request: PublicationRequest, current: Publication | null, now: Date): Publication {
  const alreadyLive =
    current !== null &&
    current.publishedAt !== null &&
    effectiveStatus({ authorId: '', ...current }, now) === 'published';
  const publishedSince = alreadyLive ? current.publishedAt : now;
  if (request.status === 'draft') return { status: 'draft', publishAt: null, publishedAt: null };
  if (request.status === 'published') {
    return { status: 'published', publishAt: alreadyLive ? current.publishAt : null, publishedAt: publishedSince };
  }
  const publishAt = new Date(request.publishAt as string);
  if (publishAt <= now) return { status: 'published', publishAt, publishedAt: publishedSince };
  return { status: 'scheduled', publishAt, publishedAt: publishAt };
}

/** Moves the author's published-post counter by the change in this post's stored status (null: no post). */
export async function adjustPostsCount(
  tx: Executor,
  authorId: string,
  before: PostStatus | null,
  after: PostStatus | null,
) {
  const delta = Number(after === 'published') - Number(before === 'published');
  if (delta === 0) return;
  await tx
    .update(users)
    .set({ postsCount: sql`${users.postsCount} + ${delta}` })
    .where(eq(users.id, authorId));
}

/**
 * Tells the author's followers that a post went live, inside the transaction that published it.
 * Call it before `adjustPostsCount`: it locks the author together with the followers.
 * Followers already told about this post (it was published, unpublished and published again) are
 * not told twice. Returns the follower ids and notification ids for realtime delivery after commit.
 */
export async function notifyFollowersOfPublish(
  tx: Executor,
  post: { id: string; authorId: string },
): Promise<{ userId: string; notificationId: string }[]> {
  const alreadyTold = sql`exists (
    select 1 from ${notifications}
    where ${notifications.userId} = ${follows.followerId}
      and ${notifications.postId} = ${post.id}
      and ${notifications.type} = 'publish')`;
  const rows = await tx
    .select({ userId: follows.followerId })
    .from(follows)
    .where(and(eq(follows.followeeId, post.authorId), not(alreadyTold)));
  const recipients = rows.map((r) => r.userId);
  // The author (whose posts count moves next) and every recipient, in id order (ADR 0100).
  await lockUsers(tx, [post.authorId, ...recipients]);
  const ids = await createNotifications(
    tx,
    recipients.map((userId) => ({ userId, actorId: post.authorId, type: 'publish' as const, postId: post.id })),
  );
  return recipients.map((userId, i) => ({ userId, notificationId: ids[i] as string }));
}
