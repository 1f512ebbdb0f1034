import { and, eq, inArray, isNotNull, isNull, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { comments, follows, likes, notifications, posts, users } from '#db/schema';
import type { Transaction } from '#db/types';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { enqueueMail } from '../mail/enqueue-mail';
import { lockUsers } from '../users/lock-users';

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

/** The posts an account's deletion changes: its own, those it commented on, those it liked. */
async function postsTouchedBy(tx: Transaction, userId: string) {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  return {
    ownPosts: ids(await tx.select({ id: posts.id }).from(posts).where(eq(posts.authorId, userId))),
    // Comments under the user's own posts go with those posts; treating them alike changes nothing.
    touchedPosts: ids(
      await tx.selectDistinct({ id: comments.postId }).from(comments).where(eq(comments.authorId, userId)),
    ),
    likedPosts: ids(await tx.select({ id: likes.postId }).from(likes).where(eq(likes.userId, userId))),
  };
}

/** Post rows first, in id order; `for update` since the account's own posts are deleted. */
async function lockPosts(tx: Transaction, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return;
  await tx.select({ id: posts.id }).from(posts).where(inArray(posts.id, unique)).orderBy(posts.id).for('update');
}

/**
 * Everyone else whose row the deletion moves: follow counters on both sides, and the unread count
 * of whoever loses an unread notification with it (one the account caused, or one about its posts).
 */
async function usersTouchedBy(tx: Transaction, userId: string, ownPosts: string[]): Promise<string[]> {
  const followed = await tx
    .select({ a: follows.followerId, b: follows.followeeId })
    .from(follows)
    .where(or(eq(follows.followerId, userId), eq(follows.followeeId, userId)));
  const notified = await tx
    .selectDistinct({ id: notifications.userId })
    .from(notifications)
    .where(
      and(
        isNull(notifications.readAt),
        or(
          eq(notifications.actorId, userId),
          ownPosts.length > 0 ? inArray(notifications.postId, ownPosts) : undefined,
          inArray(
            notifications.commentId,
            tx.select({ id: comments.id }).from(comments).where(eq(comments.authorId, userId)),
          ),
        ),
      ),
    );
  return [...followed.flatMap((f) => [f.a, f.b]), ...notified.map((n) => n.id)];
}

/**
 * Every user row the deletion moves, in id order. The account's own row takes `for update` since it
 * is deleted; the others only `no key update`, which rows being written that refer to them (a like,
 * a notification) do not wait for. Upgrading a weaker lock on the account later could cross a follow.
 */
async function lockUsersForDeletion(tx: Transaction, userId: string, others: string[]): Promise<void> {
  const rest = [...new Set(others)].filter((id) => id !== userId);
  await lockUsers(
    tx,
    rest.filter((id) => id < userId),
  );
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  await lockUsers(
    tx,
    rest.filter((id) => id > userId),
  );
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
    // Lock order (ADR 0100): every post this touches, then (through the deletes) comments, then
    // every user whose row moves, all at once in id order. Locking the account first used to
    // deadlock with a comment on one of its posts, which holds the post and waits for the author.
    const { ownPosts, touchedPosts, likedPosts } = await postsTouchedBy(tx, userId);
    await lockPosts(tx, [...ownPosts, ...touchedPosts, ...likedPosts]);
    await lockUsersForDeletion(tx, userId, await usersTouchedBy(tx, userId, ownPosts));
    // The account cannot act any more (its row is locked for deletion): read again what it touched,
    // and lock what it touched in between, which is the one late lock, with the retry behind it.
    const settled = await postsTouchedBy(tx, userId);
    const locked = new Set([...ownPosts, ...touchedPosts, ...likedPosts]);
    await lockPosts(
      tx,
      [...settled.ownPosts, ...settled.touchedPosts, ...settled.likedPosts].filter((id) => !locked.has(id)),
    );
    const ownComments = eq(comments.authorId, userId);
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
    const postIds = settled.touchedPosts;
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

    const recount = [...new Set([...postIds, ...settled.likedPosts])];
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
    return { posts: [...settled.ownPosts, ...recount], commented: postIds, people: [userId, ...people] };
  });
  await deps.changes.announce(
    ...changed.posts.map((id) => ({ entity: 'post' as const, id })),
    ...changed.commented.map((postId) => ({ entity: 'comments' as const, postId })),
    ...changed.people.map((id) => ({ entity: 'user' as const, id })),
  );
  deps.mail.kick();
}
