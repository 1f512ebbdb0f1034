import { type AnyColumn, and, eq, inArray, sql } from 'drizzle-orm';
import { likes, posts, users } from '#db/schema';
import type { Executor } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { mediaKeyOf, type ResponsiveImage, responsiveImage, type StoredImage } from '../media/responsive-image';
import { storedImagesFor } from '../media/stored-images';
import { tagNamesByPost } from '../tags/post-tags';
import { type PublicUser, publicUserColumns, toPublicUser } from '../users/public-user';
import { effectiveStatus } from './visibility';

/** The REST representation of a post (API-CONTRACT.md, "Post"). */
export interface PostView {
  id: string;
  slug: string;
  title: string;
  body: string;
  html: string;
  excerpt: string;
  readingTimeMinutes: number;
  /** `responsive`: what pages show (upright variants in `srcSet`); `url` stays the uploaded original. */
  coverImage: { url: string; alt: string; responsive: ResponsiveImage | null } | null;
  /** Optional search and social text; null means the default (title, excerpt, cover image, this site). */
  seo: {
    metaTitle: string | null;
    metaDescription: string | null;
    socialImage: string | null;
    canonicalUrl: string | null;
  };
  status: 'draft' | 'scheduled' | 'published';
  publishAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  author: PublicUser;
  tags: string[];
  likesCount: number;
  commentsCount: number;
  /** Bumped by every edit; an edit sends back the version it was made from (409 when stale). */
  version: number;
  likedByMe?: boolean;
}

/** The post columns a view needs; never the search vector or the plain-text copy of the body. */
export const postViewColumns = {
  id: posts.id,
  authorId: posts.authorId,
  slug: posts.slug,
  title: posts.title,
  body: posts.body,
  html: posts.html,
  excerpt: posts.excerpt,
  readingTimeMinutes: posts.readingTimeMinutes,
  coverImageUrl: posts.coverImageUrl,
  coverImageAlt: posts.coverImageAlt,
  metaTitle: posts.metaTitle,
  metaDescription: posts.metaDescription,
  socialImageUrl: posts.socialImageUrl,
  canonicalUrl: posts.canonicalUrl,
  status: posts.status,
  publishAt: posts.publishAt,
  publishedAt: posts.publishedAt,
  likesCount: posts.likesCount,
  commentsCount: posts.commentsCount,
  version: posts.version,
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
};

const utcMicros = (column: AnyColumn) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Sort keys as Postgres text for list cursors: a JS Date would drop the microseconds. */
const cursorKeys = { publishedAt: utcMicros(posts.publishedAt), updatedAt: utcMicros(posts.updatedAt) };

/** A select of posts joined with their authors, to be narrowed by the caller's where/order. */
export const selectPostsWithAuthor = (db: Executor) =>
  db
    .select({ ...postViewColumns, author: publicUserColumns, cursorKeys })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId));

export type PostWithAuthorRow = Awaited<ReturnType<typeof selectPostsWithAuthor>>[number];

async function likedByViewer(db: Executor, viewer: AuthUser, postIds: string[]): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .select({ postId: likes.postId })
    .from(likes)
    .where(and(eq(likes.userId, viewer.id), inArray(likes.postId, postIds)));
  return new Set(rows.map((r) => r.postId));
}

interface ViewExtras {
  tags: string[];
  images: Map<string, StoredImage>;
  likedByMe?: boolean;
}

function coverOf(row: PostWithAuthorRow, images: Map<string, StoredImage>): PostView['coverImage'] {
  if (!row.coverImageUrl) return null;
  const responsive = responsiveImage(row.coverImageUrl, images) ?? null;
  return { url: row.coverImageUrl, alt: row.coverImageAlt ?? '', responsive };
}

function toPostView(row: PostWithAuthorRow, now: Date, { tags, images, likedByMe }: ViewExtras): PostView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    html: row.html,
    excerpt: row.excerpt,
    readingTimeMinutes: row.readingTimeMinutes,
    coverImage: coverOf(row, images),
    seo: {
      metaTitle: row.metaTitle,
      metaDescription: row.metaDescription,
      socialImage: row.socialImageUrl,
      canonicalUrl: row.canonicalUrl,
    },
    status: effectiveStatus(row, now),
    publishAt: row.publishAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    author: toPublicUser(row.author),
    tags,
    likesCount: row.likesCount,
    commentsCount: row.commentsCount,
    version: row.version,
    ...(likedByMe === undefined ? {} : { likedByMe }),
  };
}

/** Attaches tags, cover variants and, for a signed-in viewer, `likedByMe`: three queries for any number of posts. */
export async function toPostViews(
  db: Executor,
  rows: PostWithAuthorRow[],
  viewer: AuthUser | undefined,
  now: Date,
): Promise<PostView[]> {
  const ids = rows.map((r) => r.id);
  const coverKeys = rows.flatMap((row) => mediaKeyOf(row.coverImageUrl ?? '') ?? []);
  const [tagsByPost, liked, images] = await Promise.all([
    tagNamesByPost(db, ids),
    viewer ? likedByViewer(db, viewer, ids) : undefined,
    storedImagesFor(db, coverKeys),
  ]);
  return rows.map((row) =>
    toPostView(row, now, { tags: tagsByPost.get(row.id) ?? [], images, likedByMe: liked?.has(row.id) }),
  );
}

/** One post by id as the viewer sees it, without any visibility check (callers have done it). */
export async function loadPostView(db: Executor, id: string, viewer: AuthUser | undefined, now: Date) {
  const rows = await selectPostsWithAuthor(db).where(eq(posts.id, id));
  const [view] = await toPostViews(db, rows, viewer, now);
  if (!view) throw new Error(`post ${id} vanished`);
  return view;
}
