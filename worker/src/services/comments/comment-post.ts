import { eq, sql } from 'drizzle-orm';
import { postSlugs, posts } from '#db/schema';
import { type Database, type Executor, isTransaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { AppError, notFound } from '#worker/errors';
import { oncePer } from '#worker/once-per';
import { canSeePost } from '../posts/visibility';

export interface CommentPost {
  id: string;
  slug: string;
  title: string;
  authorId: string;
  status: 'draft' | 'scheduled' | 'published';
  publishedAt: Date | null;
}

const postColumns = {
  id: posts.id,
  slug: posts.slug,
  title: posts.title,
  authorId: posts.authorId,
  status: posts.status,
  publishedAt: posts.publishedAt,
};

async function findPost(tx: Executor, column: typeof posts.slug | typeof posts.id, value: string) {
  const [post] = await tx.select(postColumns).from(posts).where(eq(column, value));
  return post;
}

// Every comment starts here; outside a transaction it is a prepared statement.
const postBySlug = oncePer((db: Database) =>
  db
    .select(postColumns)
    .from(posts)
    .where(eq(posts.slug, sql.placeholder('slug')))
    .prepare('comment_post_by_slug'),
);

/** A post by its current slug or, as old links still point there, by a former one. */
async function findPostBySlug(tx: Executor, slug: string) {
  const current = isTransaction(tx)
    ? await findPost(tx, posts.slug, slug)
    : (await postBySlug(tx).execute({ slug }))[0];
  if (current) return current;
  const [former] = await tx.select({ postId: postSlugs.postId }).from(postSlugs).where(eq(postSlugs.slug, slug));
  return former ? findPost(tx, posts.id, former.postId) : undefined;
}

/** The post behind a comment route, if the viewer may see it; 404 otherwise, as for a missing post. */
export async function visiblePostBySlug(
  tx: Executor,
  slug: string,
  viewer: AuthUser | undefined,
  now: Date,
): Promise<CommentPost> {
  const post = await findPostBySlug(tx, slug);
  if (!post || !canSeePost(post, viewer, now)) throw notFound('Post');
  return post;
}

export async function visiblePostById(
  tx: Executor,
  id: string,
  viewer: AuthUser | undefined,
  now: Date,
): Promise<CommentPost> {
  const post = await findPost(tx, posts.id, id);
  if (!post || !canSeePost(post, viewer, now)) throw notFound('Post');
  return post;
}

/**
 * Only live posts take comments, except from their own author: an admin may read someone's draft
 * but not start a conversation on it.
 */
export function assertCanComment(post: CommentPost, viewer: AuthUser, now: Date): void {
  // canSeePost without a viewer is "live for everyone".
  if (viewer.id !== post.authorId && !canSeePost(post, undefined, now)) {
    throw new AppError('forbidden', 'This post is not published yet');
  }
}
