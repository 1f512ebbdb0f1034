import { and, lte, ne, type SQL } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';

/**
 * A post is live once it is not a draft and its publication time has come. A scheduled post stores
 * its publishAt in published_at, so an uncached read shows it from that instant, before the
 * scheduler has flipped its status.
 */
export const isLive = (now: Date): SQL => and(ne(posts.status, 'draft'), lte(posts.publishedAt, now)) as SQL;

export interface PostVisibilityFields {
  authorId: string;
  status: 'draft' | 'scheduled' | 'published';
  publishedAt: Date | null;
}

export function canSeePost(post: PostVisibilityFields, viewer: AuthUser | undefined, now: Date): boolean {
  if (viewer && (viewer.role === 'admin' || viewer.id === post.authorId)) return true;
  return post.status !== 'draft' && post.publishedAt !== null && post.publishedAt <= now;
}

/** The status a reader should see: a scheduled post whose time has come is published. */
export function effectiveStatus(post: PostVisibilityFields, now: Date): PostVisibilityFields['status'] {
  if (post.status === 'scheduled' && post.publishedAt && post.publishedAt <= now) return 'published';
  return post.status;
}
