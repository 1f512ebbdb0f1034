import { eq, inArray, type SQL } from 'drizzle-orm';
import { comments, users } from '#db/schema';
import type { Executor } from '#db/types';
import { type PublicUser, type PublicUserRow, publicUserColumns, toPublicUser } from '../users/public-user';
import { keysetTimestamp } from './keyset-cursor';

/** A comment as the API and the realtime rooms send it. */
export interface CommentView {
  id: string;
  postId: string;
  parentId: string | null;
  body: string;
  html: string;
  author: PublicUser;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
}

/** A top-level comment with every reply below it, oldest first; replies carry parentId to nest by. */
export interface CommentThread extends CommentView {
  replies: CommentView[];
}

const commentColumns = {
  id: comments.id,
  postId: comments.postId,
  parentId: comments.parentId,
  body: comments.body,
  html: comments.html,
  deletedAt: comments.deletedAt,
  createdAt: comments.createdAt,
  updatedAt: comments.updatedAt,
  position: keysetTimestamp(comments.createdAt),
  author: publicUserColumns,
};

export interface CommentRow {
  id: string;
  postId: string;
  parentId: string | null;
  body: string;
  html: string;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** created_at with microseconds, for keyset cursors. */
  position: string;
  author: PublicUserRow;
}

/** Comments with their authors, filtered and ordered by the caller. */
export function selectComments(tx: Executor, where: SQL | undefined) {
  return tx.select(commentColumns).from(comments).innerJoin(users, eq(users.id, comments.authorId)).where(where);
}

export function toCommentView(row: Omit<CommentRow, 'position'>): CommentView {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    postId: row.postId,
    parentId: row.parentId,
    // A tombstone keeps its place in the thread but nothing of what was said.
    body: deleted ? '' : row.body,
    html: deleted ? '' : row.html,
    author: toPublicUser(row.author),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deleted,
  };
}

/** Loads one comment in its REST shape, e.g. to publish it after commit. */
export async function loadCommentView(tx: Executor, id: string): Promise<CommentView | undefined> {
  const [row] = await selectComments(tx, inArray(comments.id, [id]));
  return row ? toCommentView(row) : undefined;
}
