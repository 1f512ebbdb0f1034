import { and, desc, eq, not, type SQL, sql } from 'drizzle-orm';
import { follows, posts, postTags, tags, users } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import { decodeCursor, encodeCursor, integerKey, type KeyRule, type Page, timestampKey } from './post-cursor';
import { type PostView, type PostWithAuthorRow, selectPostsWithAuthor, toPostViews } from './post-view';
import { isLive } from './visibility';

export interface PostFilter {
  authorUsername?: string;
  tagSlug?: string;
  /** Only posts by authors this user follows: the feed. */
  followedBy?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

interface Ordering {
  orderBy: SQL[];
  keyPattern: KeyRule;
  keyOf(row: PostWithAuthorRow): string;
  after(key: string, id: string): SQL;
}

// Each ordering matches an index in db/schema/posts.ts and ends in the id, so every position is unique
// and a row inserted while someone pages lands before or after their position, never twice or never.
const orderings: Record<'latest' | 'top' | 'recentlyEdited', Ordering> = {
  latest: {
    orderBy: [desc(posts.publishedAt), desc(posts.id)],
    keyPattern: timestampKey,
    keyOf: (row) => row.cursorKeys.publishedAt ?? '',
    after: (key, id) => sql`(${posts.publishedAt}, ${posts.id}) < (${key}::timestamptz, ${id}::uuid)`,
  },
  top: {
    orderBy: [desc(posts.likesCount), desc(posts.id)],
    keyPattern: integerKey,
    keyOf: (row) => String(row.likesCount),
    after: (key, id) => sql`(${posts.likesCount}, ${posts.id}) < (${key}::integer, ${id}::uuid)`,
  },
  recentlyEdited: {
    orderBy: [desc(posts.updatedAt), desc(posts.id)],
    keyPattern: timestampKey,
    keyOf: (row) => row.cursorKeys.updatedAt ?? '',
    after: (key, id) => sql`(${posts.updatedAt}, ${posts.id}) < (${key}::timestamptz, ${id}::uuid)`,
  },
};

function filterConditions(filter: PostFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.authorUsername) conditions.push(eq(users.username, filter.authorUsername));
  if (filter.tagSlug) {
    conditions.push(sql`${posts.id} in (
      select ${postTags.postId} from ${postTags} inner join ${tags} on ${tags.id} = ${postTags.tagId}
      where ${tags.slug} = ${filter.tagSlug})`);
  }
  if (filter.followedBy) {
    conditions.push(
      sql`${posts.authorId} in (select ${follows.followeeId} from ${follows} where ${follows.followerId} = ${filter.followedBy})`,
    );
  }
  return conditions;
}

async function pageOf(
  deps: Deps,
  viewer: AuthUser | undefined,
  where: SQL[],
  ordering: Ordering,
  page: PageRequest,
): Promise<Page<PostView>> {
  const now = deps.clock.now();
  const conditions = [...where];
  if (page.cursor) {
    const { key, id } = decodeCursor(page.cursor, ordering.keyPattern);
    conditions.push(ordering.after(key, id));
  }
  const rows = await selectPostsWithAuthor(deps.db)
    .where(and(...conditions))
    .orderBy(...ordering.orderBy)
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > page.limit && last ? encodeCursor(ordering.keyOf(last), last.id) : null;
  return { items: await toPostViews(deps.db, pageRows, viewer, now), nextCursor };
}

/** Live posts, newest first or most liked first, optionally by author, tag or followed authors. */
export function listPosts(
  deps: Deps,
  viewer: AuthUser | undefined,
  filter: PostFilter,
  sort: 'latest' | 'top',
  page: PageRequest,
): Promise<Page<PostView>> {
  const where = [isLive(deps.clock.now()), ...filterConditions(filter)];
  return pageOf(deps, viewer, where, orderings[sort], page);
}

/** The caller's drafts and not-yet-due scheduled posts, most recently edited first. */
export function listDrafts(deps: Deps, user: AuthUser, page: PageRequest): Promise<Page<PostView>> {
  const where = [eq(posts.authorId, user.id), not(isLive(deps.clock.now()))];
  return pageOf(deps, user, where, orderings.recentlyEdited, page);
}
