import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { comments } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import type { ListCommentsQuery } from '#worker/schemas/comments';
import { visiblePostBySlug } from './comment-post';
import { type CommentThread, type CommentView, selectComments, toCommentView } from './comment-view';
import { after, decodeCursor, encodeCursor } from './keyset-cursor';

export interface CommentPage {
  items: CommentThread[];
  nextCursor: string | null;
}

/** Every comment below the given top-level ones, at any depth. */
const descendantsOf = (rootIds: string[]) => sql`(
  with recursive thread(id) as (
    select id from ${comments} where ${inArray(comments.parentId, rootIds)}
    union all
    select c.id from ${comments} c join thread t on c.parent_id = t.id
  )
  select id from thread
)`;

/** Walks parent links up to the top-level comment each reply belongs to. */
function rootOf(reply: CommentView, parentOf: Map<string, string | null>, roots: Set<string>): string | undefined {
  let id: string | null | undefined = reply.parentId;
  while (id && !roots.has(id)) id = parentOf.get(id);
  return id ?? undefined;
}

/**
 * A post's conversation, oldest first, paginated by top-level comment: each page holds `limit`
 * top-level comments, each with all of its replies (see docs/decisions on comment threads).
 */
export async function listComments(
  deps: Deps,
  viewer: AuthUser | undefined,
  slug: string,
  query: ListCommentsQuery,
): Promise<CommentPage> {
  const position = query.cursor ? decodeCursor(query.cursor) : undefined;
  const post = await visiblePostBySlug(deps.db, slug, viewer, deps.clock.now());
  const rootRows = await selectComments(
    deps.db,
    and(
      eq(comments.postId, post.id),
      isNull(comments.parentId),
      position ? after(comments.createdAt, comments.id, position) : undefined,
    ),
  )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(query.limit + 1);
  const page = rootRows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rootRows.length > query.limit && last ? encodeCursor({ at: last.position, id: last.id }) : null;
  if (page.length === 0) return { items: [], nextCursor };

  const rootIds = page.map((r) => r.id);
  const replyRows = await selectComments(deps.db, inArray(comments.id, descendantsOf(rootIds))).orderBy(
    asc(comments.createdAt),
    asc(comments.id),
  );
  const parentOf = new Map(replyRows.map((r) => [r.id, r.parentId]));
  const threads = new Map<string, CommentThread>(page.map((r) => [r.id, { ...toCommentView(r), replies: [] }]));
  const roots = new Set(rootIds);
  for (const row of replyRows) {
    const reply = toCommentView(row);
    const root = rootOf(reply, parentOf, roots);
    if (root) threads.get(root)?.replies.push(reply);
  }
  return { items: [...threads.values()], nextCursor };
}
