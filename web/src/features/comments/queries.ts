import { queryOptions } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import type { Comment, CommentThread } from '#web/lib/types';

const commentsPage = (slug: string, cursor: string | null) =>
  unwrap(
    rpc().api.posts[':slug'].comments.$get({
      param: { slug: encodeURIComponent(slug) },
      query: { limit: '100', cursor: cursor ?? undefined },
    }),
  );

/** All comments of a post, following the cursor to the end (threads need every parent). */
export const commentsQuery = (slug: string) =>
  queryOptions({
    queryKey: ['comments', slug],
    queryFn: async () => {
      const all: Comment[] = [];
      let cursor: string | null = null;
      do {
        const page = await commentsPage(slug, cursor);
        all.push(...flattenThreads(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
  });

/**
 * Pages hold top-level comments with their replies inside; the cache keeps one flat list so live
 * events and optimistic writes can upsert by id.
 */
export function flattenThreads(threads: CommentThread[]): Comment[] {
  return threads.flatMap(({ replies, ...comment }) => [comment, ...(replies ?? [])]);
}

/** Adds or replaces one comment in a cached list (live events and optimistic writes share it). */
export function upsertComment(list: Comment[] | undefined, comment: Comment): Comment[] {
  const current = list ?? [];
  const index = current.findIndex((c) => c.id === comment.id);
  if (index === -1) return [...current, comment];
  return current.map((c, i) => (i === index ? comment : c));
}

export interface CommentNode {
  comment: Comment;
  replies: CommentNode[];
}

/** Builds the reply tree; a reply whose parent is missing is shown at the top level rather than lost. */
export function threadOf(comments: Comment[]): CommentNode[] {
  const nodes = new Map<string, CommentNode>();
  for (const comment of comments) nodes.set(comment.id, { comment, replies: [] });
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId ? nodes.get(node.comment.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}
