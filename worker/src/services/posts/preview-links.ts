import { and, eq, gt } from 'drizzle-orm';
import { postPreviewLinks, posts } from '#db/schema';
import type { Executor } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { conflictOn, notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { generateRefreshToken as generateSecret, hashRefreshToken as hashSecret } from '../auth/refresh-token';
import { findEditablePost } from './editable-post';
import { loadPostView, type PostView } from './post-view';

/** A preview link lives until it is revoked, replaced or the post is published, and never longer than this. */
export const previewLinkTtlMs = 30 * 24 * 3600 * 1000;

export const previewPath = (token: string) => `/preview/${token}`;

/**
 * A new secret link to the draft behind `slug` (replacing, and so revoking, any earlier one). Only
 * the token's hash is stored: the URL is shown once, to the author or admin who asked for it.
 */
export async function createPreviewLink(deps: Deps, editor: AuthUser, slug: string) {
  const now = deps.clock.now();
  const post = await findEditablePost(deps.db, slug, editor, now);
  if (post.status === 'published') throw conflictOn('status', 'A published post needs no preview link');
  const token = generateSecret();
  const tokenHash = await hashSecret(token);
  const expiresAt = new Date(now.getTime() + previewLinkTtlMs);
  await deps.db
    .insert(postPreviewLinks)
    .values({ postId: post.id, tokenHash, createdBy: editor.id, createdAt: now, expiresAt })
    .onConflictDoUpdate({
      target: postPreviewLinks.postId,
      set: { tokenHash, createdBy: editor.id, createdAt: now, expiresAt },
    });
  return { url: `${deps.config.publicUrl}${previewPath(token)}`, expiresAt: expiresAt.toISOString() };
}

/** Revokes the post's preview link, if it has one. */
export async function revokePreviewLink(deps: Deps, editor: AuthUser, slug: string): Promise<void> {
  const post = await findEditablePost(deps.db, slug, editor, deps.clock.now());
  await deps.db.delete(postPreviewLinks).where(eq(postPreviewLinks.postId, post.id));
}

/** Called inside the write that publishes a post: its preview links have served their purpose. */
export async function dropPreviewLinks(tx: Executor, postId: string): Promise<void> {
  await tx.delete(postPreviewLinks).where(eq(postPreviewLinks.postId, postId));
}

/**
 * The draft a preview token opens, as a signed-out reader would see it once published. A wrong,
 * revoked, replaced or expired token, or one for a post that has since been published, is 404.
 */
export async function readPreview(deps: Deps, token: string): Promise<{ post: PostView; expiresAt: string }> {
  const now = deps.clock.now();
  const invalid = () => notFound('Preview link');
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalid();
  const [link] = await deps.db
    .select({
      postId: postPreviewLinks.postId,
      expiresAt: postPreviewLinks.expiresAt,
      status: posts.status,
      publishedAt: posts.publishedAt,
    })
    .from(postPreviewLinks)
    .innerJoin(posts, eq(posts.id, postPreviewLinks.postId))
    .where(and(eq(postPreviewLinks.tokenHash, await hashSecret(token)), gt(postPreviewLinks.expiresAt, now)));
  // Published, or scheduled and past its time: readers see the real post now.
  const live = link && link.status !== 'draft' && link.publishedAt !== null && link.publishedAt <= now;
  if (!link || link.status === 'published' || live) throw invalid();
  const post = await loadPostView(deps.db, link.postId, undefined, now);
  return { post, expiresAt: link.expiresAt.toISOString() };
}
