import { asc, eq, inArray } from 'drizzle-orm';
import { comments, media, posts, postTags, tags } from '#db/schema';
import type { Deps } from '#worker/ports';
import { getOwnUser } from '../users/own-user';
import { getEmailPreferences } from './email-preferences';

/**
 * Everything the user wrote, in one JSON document: profile and email preferences, every post
 * (drafts and scheduled included, as markdown with its tags), every comment, and the media they
 * uploaded. Read in one transaction so the parts agree with each other.
 */
export async function exportUserData(deps: Deps, userId: string) {
  return deps.db.transaction(async (tx) => {
    const profile = await getOwnUser(tx, userId);
    const emailPreferences = await getEmailPreferences(tx, userId);
    const postRows = await tx
      .select({
        id: posts.id,
        slug: posts.slug,
        title: posts.title,
        body: posts.body,
        status: posts.status,
        publishedAt: posts.publishedAt,
        createdAt: posts.createdAt,
        updatedAt: posts.updatedAt,
      })
      .from(posts)
      .where(eq(posts.authorId, userId))
      .orderBy(asc(posts.createdAt));
    const tagRows = postRows.length
      ? await tx
          .select({ postId: postTags.postId, name: tags.name })
          .from(postTags)
          .innerJoin(tags, eq(tags.id, postTags.tagId))
          .where(
            inArray(
              postTags.postId,
              postRows.map((p) => p.id),
            ),
          )
      : [];
    const commentRows = await tx
      .select({
        id: comments.id,
        postId: comments.postId,
        postSlug: posts.slug,
        parentId: comments.parentId,
        body: comments.body,
        createdAt: comments.createdAt,
        updatedAt: comments.updatedAt,
      })
      .from(comments)
      .innerJoin(posts, eq(posts.id, comments.postId))
      .where(eq(comments.authorId, userId))
      .orderBy(asc(comments.createdAt));
    const mediaRows = await tx
      .select({
        id: media.id,
        key: media.key,
        contentType: media.contentType,
        size: media.size,
        width: media.width,
        height: media.height,
        createdAt: media.createdAt,
      })
      .from(media)
      .where(eq(media.ownerId, userId))
      .orderBy(asc(media.createdAt));
    const tagsByPost = new Map<string, string[]>();
    for (const { postId, name } of tagRows) tagsByPost.set(postId, [...(tagsByPost.get(postId) ?? []), name]);
    return {
      exportedAt: deps.clock.now().toISOString(),
      profile,
      emailPreferences,
      posts: postRows.map((post) => ({
        ...post,
        tags: tagsByPost.get(post.id) ?? [],
      })),
      comments: commentRows.filter((c) => c.body !== ''),
      media: mediaRows.map(({ key, ...row }) => ({ ...row, url: deps.media.publicUrl(key) })),
    };
  });
}
