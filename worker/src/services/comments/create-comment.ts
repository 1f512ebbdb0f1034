import { and, eq } from 'drizzle-orm';
import { retryOnConflict } from '#db/conflict-retry';
import { isPgError } from '#db/pg-errors';
import { comments, posts } from '#db/schema';
import type { Executor } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound, validationFailed } from '#worker/errors';
import type { Deps } from '#worker/ports';
import type { CreateCommentBody } from '#worker/schemas/comments';
import { renderMarkdown } from '../content';
import { type NewNotification, notifiable } from '../notifications/create-notification';
import { assertCanComment, type CommentPost, visiblePostBySlug } from './comment-post';
import type { CommentView } from './comment-view';
import { insertComment } from './insert-comment';

/**
 * The parent must be a live comment of the same post. `for key share` holds it until commit, so a
 * concurrent delete either waits and then tombstones it, or wins and the reply is refused here.
 */
async function lockParent(tx: Executor, postId: string, parentId: string) {
  const [parent] = await tx
    .select({ authorId: comments.authorId, deletedAt: comments.deletedAt })
    .from(comments)
    .where(and(eq(comments.id, parentId), eq(comments.postId, postId)))
    .for('key share');
  if (!parent) throw validationFailed('parentId', 'No such comment on this post');
  if (parent.deletedAt) throw validationFailed('parentId', 'Cannot reply to a deleted comment');
  return parent;
}

async function lockPost(tx: Executor, postId: string) {
  await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for('no key update');
}

/** The post's author hears of every comment; a reply also tells its parent's author, once each. */
function notificationsFor(post: CommentPost, actorId: string, commentId: string, parentAuthorId?: string) {
  const base = { actorId, postId: post.id, commentId };
  const items: NewNotification[] = [];
  if (parentAuthorId) items.push({ ...base, userId: parentAuthorId, type: 'reply' });
  if (parentAuthorId !== post.authorId) items.push({ ...base, userId: post.authorId, type: 'comment' });
  return notifiable(items).map((item) => ({ ...item, id: crypto.randomUUID() }));
}

/**
 * Adds a comment or a reply to a post the viewer can see. The comment, the post's comment count and
 * the notifications are written in one statement (a reply's in a transaction that first locks its
 * parent), with the room events they cause (ADR 0101); the relay sends those after the answer.
 */
export async function createComment(
  deps: Deps,
  viewer: AuthUser,
  slug: string,
  input: CreateCommentBody,
): Promise<CommentView> {
  const { html } = renderMarkdown(input.body);
  const write = async (ex: Executor) => {
    const now = deps.clock.now();
    const post = await visiblePostBySlug(ex, slug, viewer, now);
    assertCanComment(post, viewer, now);
    // A reply locks its post before its parent comment, as a delete does (ADR 0100).
    if (input.parentId) await lockPost(ex, post.id);
    const parent = input.parentId ? await lockParent(ex, post.id, input.parentId) : undefined;
    const id = crypto.randomUUID();
    const notify = notificationsFor(post, viewer.id, id, parent?.authorId);
    const values = {
      id,
      postId: post.id,
      parentId: input.parentId ?? null,
      authorId: viewer.id,
      body: input.body,
      html,
    };
    return { post, notify, comment: await insertComment(ex, values, notify) };
  };
  let written: Awaited<ReturnType<typeof write>>;
  try {
    // One autocommit statement without a parent; it too can be a deadlock victim, and is run again.
    written = input.parentId ? await deps.db.transaction(write) : await retryOnConflict(() => write(deps.db));
  } catch (error) {
    // The post was deleted between reading it and commenting on it.
    if (isPgError(error, '23503', 'comments_post_id_posts_id_fk')) throw notFound('Post');
    throw error;
  }
  const { post } = written;
  await deps.changes.announce({ entity: 'comments', postId: post.id }, { entity: 'post', id: post.id });
  deps.realtime.flush();
  // The notification emails were queued by the same statement (insert-comment.ts); send them now.
  if (written.notify.length > 0) deps.mail.kick();
  return written.comment;
}
