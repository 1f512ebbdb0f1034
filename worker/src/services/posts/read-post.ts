import { eq } from 'drizzle-orm';
import { postSlugs, posts } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { type PostView, selectPostsWithAuthor, toPostViews } from './post-view';
import { canSeePost } from './visibility';

export type PostLookup = { kind: 'post'; post: PostView } | { kind: 'moved'; slug: string };

/**
 * The post at `slug` as the viewer sees it, or, for a former slug, where it lives now. Posts the
 * viewer may not see are 404 whichever slug names them, so a redirect never reveals a draft.
 */
export async function getPostBySlug(deps: Deps, slug: string, viewer: AuthUser | undefined): Promise<PostLookup> {
  const now = deps.clock.now();
  const rows = await selectPostsWithAuthor(deps.db).where(eq(posts.slug, slug));
  const [row] = rows;
  if (row) {
    if (!canSeePost(row, viewer, now)) throw notFound('Post');
    const [post] = await toPostViews(deps.db, rows, viewer, now);
    return { kind: 'post', post: post as PostView };
  }
  const [moved] = await deps.db
    .select({ slug: posts.slug, authorId: posts.authorId, status: posts.status, publishedAt: posts.publishedAt })
    .from(postSlugs)
    .innerJoin(posts, eq(posts.id, postSlugs.postId))
    .where(eq(postSlugs.slug, slug));
  if (!moved || !canSeePost(moved, viewer, now)) throw notFound('Post');
  return { kind: 'moved', slug: moved.slug };
}
