import { eq } from 'drizzle-orm';
import { postSlugs, posts } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import { AppError, conflictOn } from '#worker/errors';
import type { Deps } from '#worker/ports';
import type { CreatePostBody, UpdatePostBody } from '#worker/schemas/posts';
import { enqueueRoomEvents } from '../realtime/outbox';
import { writeSearchVector } from '../search/search-vector';
import { normalizeTags, setPostTags, tagNamesByPost } from '../tags/post-tags';
import { lockEditablePost } from './editable-post';
import { derivePostContent } from './post-content';
import { followerNotificationEvents, postUpdatedEvent } from './post-events';
import { loadPostView, type PostView } from './post-view';
import { dropPreviewLinks } from './preview-links';
import { adjustPostsCount, notifyFollowersOfPublish, publicationFor } from './publication';
import { recordRevision } from './revisions';
import { claimSlug, freeSlugFor, isUniqueViolation } from './slugs';

const slugAttempts = 3;

function coverColumns(cover: CreatePostBody['coverImage']) {
  if (cover === undefined) return {};
  return { coverImageUrl: cover?.url ?? null, coverImageAlt: cover?.alt ?? null };
}

/** The SEO columns an input sets: a field left out is untouched, null clears it. */
function seoColumns(seo: CreatePostBody['seo']) {
  if (!seo) return {};
  const columns = {
    metaTitle: seo.metaTitle,
    metaDescription: seo.metaDescription,
    socialImageUrl: seo.socialImage,
    canonicalUrl: seo.canonicalUrl,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/**
 * Creates a post owned by `author`: markdown rendered once, slug derived (or claimed), tags,
 * search vector, the author's counter and followers' notifications all in one transaction.
 */
export async function createPost(deps: Deps, author: AuthUser, input: CreatePostBody): Promise<PostView> {
  const now = deps.clock.now();
  const content = await derivePostContent(deps.db, input.body);
  const tagRefs = normalizeTags(input.tags);
  const publication = publicationFor(input, null, now);
  const insert = () =>
    deps.db.transaction(async (tx) => {
      const slug = input.slug ?? (await freeSlugFor(tx, input.title));
      if (input.slug) await claimSlug(tx, input.slug, null);
      const [row] = await tx
        .insert(posts)
        .values({
          authorId: author.id,
          slug,
          title: input.title,
          body: input.body,
          ...content,
          ...coverColumns(input.coverImage),
          ...seoColumns(input.seo),
          ...publication,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: posts.id });
      const id = (row as { id: string }).id;
      const tags = await setPostTags(tx, id, tagRefs);
      await writeSearchVector(tx, id, { title: input.title, tags, bodyText: content.bodyText });
      const recipients =
        publication.status === 'published' ? await notifyFollowersOfPublish(tx, { id, authorId: author.id }) : [];
      await adjustPostsCount(tx, author.id, null, publication.status);
      // New rows after the users' locks (ADR 0100).
      await recordRevision(tx, publication.status === 'published' ? 'publish' : 'save', {
        postId: id,
        editorId: author.id,
        sessionId: author.sessionId,
        title: input.title,
        body: input.body,
        at: now,
      });
      await enqueueRoomEvents(tx, followerNotificationEvents(recipients));
      return id;
    });
  const id = await withSlugRetry(insert, input.slug === undefined);
  await deps.changes.announce({ entity: 'post', id });
  deps.realtime.flush();
  return loadPostView(deps.db, id, author, now);
}

/**
 * Runs a write whose unique-slug insert may lose a race. A derived slug is chosen again (someone
 * explicitly claimed it meanwhile); an explicitly chosen one is simply taken: 409 on `slug`.
 */
async function withSlugRetry<T>(write: () => Promise<T>, derived: boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (!derived || attempt >= slugAttempts) throw conflictOn('slug', 'This slug is already taken');
    }
  }
}

type RevisionKind = Parameters<typeof recordRevision>[1];

/** Which revision an update keeps: going live is a publish, an explicit save a save, anything else an autosave. */
function revisionKindOf(input: UpdatePostBody, goesLive: boolean, restoring: boolean): RevisionKind | undefined {
  if (restoring) return 'restore';
  if (goesLive) return 'publish';
  if (input.saveRevision) return 'save';
  return input.title !== undefined || input.body !== undefined ? 'autosave' : undefined;
}

/** 409 with the post as it now is, so the editor can show both versions side by side. */
async function staleEdit(deps: Deps, id: string, editor: AuthUser, now: Date): Promise<never> {
  const current = await loadPostView(deps.db, id, editor, now);
  throw new AppError('conflict', 'This post was changed elsewhere since you opened it', {
    field: 'version',
    post: current,
  });
}

/**
 * Applies a partial update by the author or an admin. An edit that names the version it was made
 * from (the `version` field, If-Match, or both) is refused (409) when the post has moved on. A title change keeps the slug; a slug change
 * leaves the old one redirecting. Status moves keep the author's counter exact and notify followers
 * the first time the post goes live. Each publish, explicit save and restore keeps a revision.
 * Tells the post's room (`post.updated`) through the outbox.
 */
export async function updatePost(
  deps: Deps,
  editor: AuthUser,
  slug: string,
  input: UpdatePostBody,
  options: { restoring?: boolean; ifMatchVersions?: number[] } = {},
): Promise<PostView> {
  const now = deps.clock.now();
  const content = input.body === undefined ? undefined : await derivePostContent(deps.db, input.body);
  const tagRefs = input.tags === undefined ? undefined : normalizeTags(input.tags);
  const result = await withSlugRetry(
    () =>
      deps.db.transaction(async (tx) => {
        const current = await lockEditablePost(tx, slug, editor, now);
        const { ifMatchVersions } = options;
        const stale =
          (input.version !== undefined && input.version !== current.version) ||
          (ifMatchVersions !== undefined && !ifMatchVersions.includes(current.version));
        if (stale) return { id: current.id, stale: true };
        const publication = input.status ? publicationFor({ ...input, status: input.status }, current, now) : current;
        const newSlug = input.slug !== undefined && input.slug !== current.slug ? input.slug : undefined;
        if (newSlug) {
          await claimSlug(tx, newSlug, current.id);
          await tx.insert(postSlugs).values({ slug: current.slug, postId: current.id });
        }
        await tx
          .update(posts)
          .set({
            ...(newSlug ? { slug: newSlug } : {}),
            ...(input.title === undefined ? {} : { title: input.title }),
            ...(input.body === undefined ? {} : { body: input.body, ...content }),
            ...coverColumns(input.coverImage),
            ...seoColumns(input.seo),
            status: publication.status,
            publishAt: publication.publishAt,
            publishedAt: publication.publishedAt,
            version: current.version + 1,
            updatedAt: now,
          })
          .where(eq(posts.id, current.id));
        const tags = tagRefs ? await setPostTags(tx, current.id, tagRefs) : undefined;
        if (input.title !== undefined || content || tags) {
          await writeSearchVector(tx, current.id, {
            title: input.title ?? current.title,
            tags: tags ?? (await tagNamesByPost(tx, [current.id])).get(current.id) ?? [],
            bodyText: content?.bodyText ?? current.bodyText,
          });
        }
        const goesLive = publication.status === 'published' && current.status !== 'published';
        const recipients = goesLive ? await notifyFollowersOfPublish(tx, current) : [];
        await adjustPostsCount(tx, current.authorId, current.status, publication.status);
        // New rows (and the rows only this post's writes touch) after the users' locks (ADR 0100).
        const kind = revisionKindOf(input, goesLive, options.restoring === true);
        if (kind) {
          await recordRevision(tx, kind, {
            postId: current.id,
            editorId: editor.id,
            sessionId: editor.sessionId,
            title: input.title ?? current.title,
            body: input.body ?? current.body,
            at: now,
          });
        }
        if (goesLive) await dropPreviewLinks(tx, current.id);
        await enqueueRoomEvents(tx, [postUpdatedEvent(current.id), ...followerNotificationEvents(recipients)]);
        return { id: current.id, stale: false };
      }),
    false,
  );
  if (result.stale) await staleEdit(deps, result.id, editor, now);
  const { id } = result;
  await deps.changes.announce({ entity: 'post', id });
  deps.realtime.flush();
  return loadPostView(deps.db, id, editor, now);
}
