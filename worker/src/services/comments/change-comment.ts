import { eq, inArray } from 'drizzle-orm';
import { comments, posts } from '#db/schema';
import type { Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound } from '#worker/errors';
import { changeableRow } from '../changeable-row';
import { type CommentPost, visiblePostById } from './comment-post';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LockedComment {
  id: string;
  postId: string;
  parentId: string | null;
  authorId: string;
  post: CommentPost;
}

/**
 * Locks a live comment for a change by the viewer. A comment that does not exist, is a tombstone, or
 * sits on a post the viewer cannot see is a 404; `mayChange` decides between going on and 403.
 */
export async function lockCommentForChange(
  tx: Transaction,
  id: string,
  viewer: AuthUser,
  now: Date,
  mayChange: (comment: Omit<LockedComment, 'post'>, post: CommentPost) => boolean,
): Promise<LockedComment> {
  if (!uuidPattern.test(id)) throw notFound('Comment');
  const locked = tx
    .select({
      id: comments.id,
      postId: comments.postId,
      parentId: comments.parentId,
      authorId: comments.authorId,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .where(eq(comments.id, id))
    .for('update');
  return changeableRow(
    locked,
    'Comment',
    async ({ deletedAt, ...comment }) =>
      deletedAt ? undefined : { ...comment, post: await visiblePostById(tx, comment.postId, viewer, now) },
    ({ post, ...comment }) => mayChange(comment, post),
    'You may not change this comment',
  );
}

/**
 * Locks the post a comment belongs to, before the comment itself: a delete moves the post's counter,
 * and posts come before comments in the lock order of ADR 0100. Nothing happens for an unknown id.
 */
export async function lockPostOfComment(tx: Transaction, id: string): Promise<void> {
  if (!uuidPattern.test(id)) return;
  const postId = tx.select({ postId: comments.postId }).from(comments).where(eq(comments.id, id));
  await tx.select({ id: posts.id }).from(posts).where(inArray(posts.id, postId)).for('no key update');
}
