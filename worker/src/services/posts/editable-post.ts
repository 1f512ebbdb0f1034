import { eq } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { Executor, Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { changeableRow } from '../changeable-row';
import { canSeePost, type PostVisibilityFields } from './visibility';

/**
 * The post behind `slug`, row-locked for the rest of the transaction so that concurrent edits, the
 * scheduler and deletes serialize on it. 404 when the caller may not see it, 403 when they may see
 * but not change it; admins may change any post.
 */
export async function lockEditablePost(tx: Transaction, slug: string, editor: AuthUser, now: Date) {
  const locked = tx
    .select({
      id: posts.id,
      authorId: posts.authorId,
      slug: posts.slug,
      title: posts.title,
      body: posts.body,
      bodyText: posts.bodyText,
      version: posts.version,
      status: posts.status,
      publishAt: posts.publishAt,
      publishedAt: posts.publishedAt,
    })
    .from(posts)
    .where(eq(posts.slug, slug))
    .for('update');
  return changeableRow(
    locked,
    'Post',
    visibleTo(editor, now),
    authorOrAdmin(editor),
    'Only the author or an admin may change this post',
  );
}

/**
 * The post behind `slug` without a lock, for what only its author or an admin may do besides
 * editing it (its history, its preview link): 404 when the caller may not see it, 403 otherwise.
 */
export async function findEditablePost(db: Executor, slug: string, viewer: AuthUser, now: Date) {
  const found = db
    .select({ id: posts.id, authorId: posts.authorId, status: posts.status, publishedAt: posts.publishedAt })
    .from(posts)
    .where(eq(posts.slug, slug));
  return changeableRow(
    found,
    'Post',
    visibleTo(viewer, now),
    authorOrAdmin(viewer),
    'Only the author or an admin may do this',
  );
}

function visibleTo(viewer: AuthUser, now: Date) {
  return <Post extends PostVisibilityFields>(post: Post) => (canSeePost(post, viewer, now) ? post : undefined);
}

function authorOrAdmin(viewer: AuthUser) {
  return (post: { authorId: string }) => post.authorId === viewer.id || viewer.role === 'admin';
}
