import { eq } from 'drizzle-orm';
import { posts } from '../../../../db/schema';
import type { Transaction } from '../../../../db/types';
import type { AuthUser } from '../../domain/auth-user';
import { AppError, notFound } from '../../errors';
import { canSeePost } from './visibility';

/**
 * The post behind `slug`, row-locked for the rest of the transaction so that concurrent edits, the
 * scheduler and deletes serialize on it. 404 when the caller may not see it, 403 when they may see
 * but not change it; admins may change any post.
 */
export async function lockEditablePost(tx: Transaction, slug: string, editor: AuthUser, now: Date) {
  const [post] = await tx
    .select({
      id: posts.id,
      authorId: posts.authorId,
      slug: posts.slug,
      title: posts.title,
      bodyText: posts.bodyText,
      status: posts.status,
      publishAt: posts.publishAt,
      publishedAt: posts.publishedAt,
    })
    .from(posts)
    .where(eq(posts.slug, slug))
    .for('update');
  if (!post || !canSeePost(post, editor, now)) throw notFound('Post');
  if (post.authorId !== editor.id && editor.role !== 'admin') {
    throw new AppError('forbidden', 'Only the author or an admin may change this post');
  }
  return post;
}
