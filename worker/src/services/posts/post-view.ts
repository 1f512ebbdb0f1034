import { type AnyColumn, and, eq, inArray, sql } from 'drizzle-orm';
import { likes, posts, users } from '../../../../db/schema';
import type { Executor } from '../../../../db/types';
import type { AuthUser } from '../../domain/auth-user';
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
  coverImage: { url: string; alt: string } | null;
  status: 'draft' | 'scheduled' | 'published';
  publishAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  author: PublicUser;
  tags: string[];
  likesCount: number;
  commentsCount: number;
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
  status: posts.status,
  publishAt: posts.publishAt,
  publishedAt: posts.publishedAt,
  likesCount: posts.likesCount,
  commentsCount: posts.commentsCount,
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

function toPostView(row: PostWithAuthorRow, tags: string[], now: Date, likedByMe?: boolean): PostView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    html: row.html,
    excerpt: row.excerpt,
    readingTimeMinutes: row.readingTimeMinutes,
    coverImage: row.coverImageUrl ? { url: row.coverImageUrl, alt: row.coverImageAlt ?? '' } : null,
    status: effectiveStatus(row, now),
    publishAt: row.publishAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    author: toPublicUser(row.author),
    tags,
    likesCount: row.likesCount,
    commentsCount: row.commentsCount,
    ...(likedByMe === undefined ? {} : { likedByMe }),
  };
}

/** Attaches tags and, for a signed-in viewer, `likedByMe`: two queries for any number of posts. */
export async function toPostViews(
  db: Executor,
  rows: PostWithAuthorRow[],
  viewer: AuthUser | undefined,
  now: Date,
): Promise<PostView[]> {
  const ids = rows.map((r) => r.id);
  const [tagsByPost, liked] = await Promise.all([
    tagNamesByPost(db, ids),
    viewer ? likedByViewer(db, viewer, ids) : undefined,
  ]);
  return rows.map((row) => toPostView(row, tagsByPost.get(row.id) ?? [], now, liked?.has(row.id)));
}

/** One post by id as the viewer sees it, without any visibility check (callers have done it). */
export async function loadPostView(db: Executor, id: string, viewer: AuthUser | undefined, now: Date) {
  const rows = await selectPostsWithAuthor(db).where(eq(posts.id, id));
  const [view] = await toPostViews(db, rows, viewer, now);
  if (!view) throw new Error(`post ${id} vanished`);
  return view;
}
