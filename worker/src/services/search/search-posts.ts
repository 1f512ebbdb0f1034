import { and, desc, inArray, sql } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import { decodeCursor, encodeCursor, type Page, realKey } from '../posts/post-cursor';
import { type PostView, selectPostsWithAuthor, toPostViews } from '../posts/post-view';
import { isLive } from '../posts/visibility';
import { searchConfig } from './search-vector';
import { highlightStart, highlightStop, snippetHtml } from './snippet';

export interface SearchHit {
  post: PostView;
  /** Sanitized HTML: the matching passage with `<mark>` around the matched words, nothing else. */
  snippet: string;
}

const headlineOptions = `StartSel=${highlightStart}, StopSel=${highlightStop}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Full-text search over live posts: `websearch_to_tsquery` (quotes, OR, -word), ranked by ts_rank
 * over the weighted vector (title A, tags B, body C), keyset-paginated on (rank, id).
 */
export async function searchPosts(
  deps: Deps,
  viewer: AuthUser | undefined,
  q: string,
  page: { limit: number; cursor?: string },
): Promise<Page<SearchHit>> {
  const now = deps.clock.now();
  const config = sql.raw(`'${searchConfig}'`);
  const query = sql`websearch_to_tsquery(${config}, ${q})`;
  const rank = sql`ts_rank(${posts.searchVector}, ${query})`;
  const conditions = [isLive(now), sql`${posts.searchVector} @@ ${query}`];
  if (page.cursor) {
    const { key, id } = decodeCursor(page.cursor, realKey);
    conditions.push(sql`(${rank}, ${posts.id}) < (${key}::real, ${id}::uuid)`);
  }
  const rows = await selectPostsWithAuthor(deps.db)
    .where(and(...conditions))
    .orderBy(desc(rank), desc(posts.id))
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const ids = pageRows.map((r) => r.id);
  const extras =
    ids.length === 0
      ? []
      : await deps.db
          .select({
            id: posts.id,
            rank: sql<string>`${rank}::text`,
            headline: sql<string>`ts_headline(${config}, ${posts.bodyText}, ${query}, ${headlineOptions})`,
          })
          .from(posts)
          .where(inArray(posts.id, ids));
  const byId = new Map(extras.map((e) => [e.id, e]));
  const views = await toPostViews(deps.db, pageRows, viewer, now);
  const items = views.map((post) => ({ post, snippet: snippetHtml(byId.get(post.id)?.headline ?? '') }));
  const last = pageRows.at(-1);
  const lastRank = last ? byId.get(last.id)?.rank : undefined;
  const nextCursor = rows.length > page.limit && last && lastRank ? encodeCursor(lastRank, last.id) : null;
  return { items, nextCursor };
}
