import { and, eq, inArray, isNotNull, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { comments, follows, likes, posts, users } from '#db/schema';
import type { Transaction } from '#db/types';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { enqueueMail } from '../mail/enqueue-mail';

/** The placeholder author of tombstones left where a deleted account's comments had replies (ADR 0113). */
const ghost = { username: 'deleted', email: 'ghost@deleted.invalid' };

async function ghostId(tx: Transaction): Promise<string> {
  await tx
    .insert(users)
    // '!' is no argon2 hash: nothing ever signs in as the ghost, and it is suspended besides.
    .values({ ...ghost, passwordHash: '!', displayName: 'Deleted account', suspendedAt: new Date() })
    .onConflictDoNothing();
  const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, ghost.email));
  if (!row) throw new Error('the ghost account could not be created');
  return row.id;
}

const replies = alias(comments, 'replies');
const hasReplies = sql`exists (select 1 from ${comments} as r where r.parent_id = ${comments.id})`;

/**
 * Deletes the caller's account at once, after the password is re-entered. Their posts go with
 * everything under them; their comments on other people's posts go, except where someone replied,
 * which stay as tombstones (no body, "deleted") under a ghost author so the thread keeps its shape.
 * Likes and follows go and the counters they fed are recounted; uploaded media lose their owner
 * (the bytes are content-addressed and may be shared). A notice goes to the address. ADR 0113.
 */
export async function deleteAccount(deps: Deps, userId: string, currentPassword: string): Promise<void> {
  const { db, passwordHasher, clock } = deps;
  const [user] = await db
    .select({ email: users.email, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound('User');
  if (!(await passwordHasher.verify(user.passwordHash, currentPassword))) {
    throw validationFailed('currentPassword', 'Current password is incorrect');
  }
  const now = clock.now();
  const changed = await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    const ownPosts = await tx.select({ id: posts.id }).from(posts).where(eq(posts.authorId, userId));
    // Comments under the user's own posts go with those posts; treating them alike changes nothing.
    const ownComments = eq(comments.authorId, userId);
    const touchedPosts = await tx.selectDistinct({ id: comments.postId }).from(comments).where(ownComments);
    const likedPosts = await tx.select({ id: likes.postId }).from(likes).where(eq(likes.userId, userId));
    const followed = await tx
      .select({ a: follows.followerId, b: follows.followeeId })
      .from(follows)
      .where(or(eq(follows.followerId, userId), eq(follows.followeeId, userId)));

    const ghostUser = await ghostId(tx);
    await tx
      .update(comments)
      .set({
        authorId: ghostUser,
        body: '',
        html: '',
        deletedAt: sql`coalesce(${comments.deletedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(and(ownComments, hasReplies));
    await tx.delete(comments).where(ownComments);
    // A tombstone whose last reply just went has nothing left to hold together.
    const postIds = touchedPosts.map((p) => p.id);
    if (postIds.length > 0) {
      for (;;) {
        const pruned = await tx
          .delete(comments)
          .where(
            and(
              inArray(comments.postId, postIds),
              isNotNull(comments.deletedAt),
              notExists(tx.select({ one: sql`1` }).from(replies).where(eq(replies.parentId, comments.id))),
            ),
          )
          .returning({ id: comments.id });
        if (pruned.length === 0) break;
      }
    }
    await enqueueMail(
      tx,
      [{ kind: 'account_deleted', userId: null, to: user.email, payload: { username: user.username } }],
      now,
    );
    await tx.delete(users).where(eq(users.id, userId));

    const recount = [...new Set([...postIds, ...likedPosts.map((p) => p.id)])];
    if (recount.length > 0) {
      await tx
        .update(posts)
        .set({
          commentsCount: sql`(select count(*) from ${comments} where ${comments.postId} = ${posts.id} and ${comments.deletedAt} is null)`,
          likesCount: sql`(select count(*) from ${likes} where ${likes.postId} = ${posts.id})`,
        })
        .where(inArray(posts.id, recount));
    }
    const people = [...new Set(followed.flatMap((f) => [f.a, f.b]))].filter((id) => id !== userId);
    if (people.length > 0) {
      await tx
        .update(users)
        .set({
          followersCount: sql`(select count(*) from ${follows} where ${follows.followeeId} = ${users.id})`,
          followingCount: sql`(select count(*) from ${follows} where ${follows.followerId} = ${users.id})`,
        })
        .where(inArray(users.id, people));
    }
    return { posts: [...ownPosts.map((p) => p.id), ...recount], commented: postIds, people: [userId, ...people] };
  });
  await deps.changes.announce(
    ...changed.posts.map((id) => ({ entity: 'post' as const, id })),
    ...changed.commented.map((postId) => ({ entity: 'comments' as const, postId })),
    ...changed.people.map((id) => ({ entity: 'user' as const, id })),
  );
  deps.mail.kick();
}
