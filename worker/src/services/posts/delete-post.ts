import { eq } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import { lockEditablePost } from './editable-post';
import { adjustPostsCount } from './publication';

/**
 * Deletes a post (author or admin). Its tags links, likes, comments, notifications and former
 * slugs go with it through ON DELETE CASCADE; the author's published counter drops in the same
 * transaction.
 */
export async function deletePost(deps: Deps, editor: AuthUser, slug: string): Promise<void> {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const post = await lockEditablePost(tx, slug, editor, now);
    await tx.delete(posts).where(eq(posts.id, post.id));
    await adjustPostsCount(tx, post.authorId, post.status, null);
    return post.id;
  });
  await deps.changes.announce({ entity: 'post', id });
}
