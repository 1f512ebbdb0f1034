import { and, eq, sql } from 'drizzle-orm';
import { comments, posts } from '../../../../db/schema';
import type { Transaction } from '../../../../db/types';
import type { AuthUser } from '../../app-env';
import { validationFailed } from '../../errors';
import type { Deps } from '../../ports';
import type { CreateCommentBody } from '../../schemas/comments';
import { renderMarkdown } from '../content';
import { createNotifications, type NewNotification } from '../notifications/create-notification';
import { publishNotifications } from '../notifications/publish-notifications';
import { assertCanComment, type CommentPost, visiblePostBySlug } from './comment-post';
import { type CommentView, loadCommentView } from './comment-view';

/**
 * The parent must be a live comment of the same post. `for key share` holds it until commit, so a
 * concurrent delete either waits and then tombstones it, or wins and the reply is refused here.
 */
async function lockParent(tx: Transaction, postId: string, parentId: string) {
  const [parent] = await tx
    .select({ authorId: comments.authorId, deletedAt: comments.deletedAt })
    .from(comments)
    .where(and(eq(comments.id, parentId), eq(comments.postId, postId)))
    .for('key share');
  if (!parent) throw validationFailed('parentId', 'No such comment on this post');
  if (parent.deletedAt) throw validationFailed('parentId', 'Cannot reply to a deleted comment');
  return parent;
}

/** The post's author hears of every comment; a reply also tells its parent's author, once each. */
function notificationsFor(post: CommentPost, actorId: string, commentId: string, parentAuthorId?: string) {
  const base = { actorId, postId: post.id, commentId };
  const items: NewNotification[] = [];
  if (parentAuthorId) items.push({ ...base, userId: parentAuthorId, type: 'reply' });
  if (parentAuthorId !== post.authorId) items.push({ ...base, userId: post.authorId, type: 'comment' });
  return items;
}

/**
 * Adds a comment or a reply to a post the viewer can see. The comment, the post's comment count and
 * the notifications are written in one transaction; room events are sent after it commits.
 */
export async function createComment(
  deps: Deps,
  viewer: AuthUser,
  slug: string,
  input: CreateCommentBody,
): Promise<CommentView> {
  const { html } = renderMarkdown(input.body);
  const { comment, notificationIds } = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const post = await visiblePostBySlug(tx, slug, viewer, now);
    assertCanComment(post, viewer, now);
    const parent = input.parentId ? await lockParent(tx, post.id, input.parentId) : undefined;
    const [row] = await tx
      .insert(comments)
      .values({ postId: post.id, parentId: input.parentId ?? null, authorId: viewer.id, body: input.body, html })
      .returning({ id: comments.id });
    if (!row) throw new Error('insert returned no row');
    await tx
      .update(posts)
      .set({ commentsCount: sql`${posts.commentsCount} + 1` })
      .where(eq(posts.id, post.id));
    const ids = await createNotifications(tx, notificationsFor(post, viewer.id, row.id, parent?.authorId));
    const view = await loadCommentView(tx, row.id);
    if (!view) throw new Error('created comment vanished');
    return { comment: view, notificationIds: ids };
  });
  await deps.realtime.publish(`post/${comment.postId}`, { type: 'comment.created', data: comment });
  await publishNotifications(deps, notificationIds);
  return comment;
}
