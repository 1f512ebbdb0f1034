import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { postRevisions, type RevisionKind, users } from '#db/schema';
import type { Executor, Transaction } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { type PublicUser, publicUserColumns, toPublicUser } from '../users/public-user';
import { findEditablePost } from './editable-post';
import { decodeCursor, encodeCursor, type Page, timestampKey } from './post-cursor';

/**
 * The kinds the API names (API-CONTRACT): publish, save, restore. A run of autosaves is stored as
 * an `autosave` row so that the next autosave of the same session can overwrite it, and is shown
 * as the save it is; it stops changing once an explicit save, a publish, a restore or another
 * editor's write comes after it.
 */
export type RevisionKindView = 'publish' | 'save' | 'restore';

const kindView = (kind: RevisionKind): RevisionKindView => (kind === 'autosave' ? 'save' : kind);

export interface RevisionSummary {
  id: string;
  createdAt: string;
  author: PublicUser | null;
  title: string;
  kind: RevisionKindView;
}

export interface RevisionView extends RevisionSummary {
  body: string;
}

interface Snapshot {
  postId: string;
  editorId: string;
  /** The editor's sign-in session; autosaves coalesce per session. */
  sessionId?: string;
  title: string;
  body: string;
  at: Date;
}

/**
 * Records the version a write just made, inside its transaction (after the post's row lock, ADR
 * of the write paths' lock order). Autosaves coalesce: while the newest revision is an autosave
 * by the same editor in the same sign-in session, it is overwritten, so one editing session leaves
 * one autosave revision, and an edit from another device starts its own instead of replacing it.
 */
export async function recordRevision(tx: Transaction, kind: RevisionKind, snapshot: Snapshot): Promise<void> {
  const { postId, editorId, title, body, at } = snapshot;
  const sessionId = snapshot.sessionId ?? null;
  if (kind === 'autosave') {
    const [newest] = await tx
      .select({
        id: postRevisions.id,
        kind: postRevisions.kind,
        editorId: postRevisions.editorId,
        sessionId: postRevisions.sessionId,
      })
      .from(postRevisions)
      .where(eq(postRevisions.postId, postId))
      .orderBy(desc(postRevisions.createdAt), desc(postRevisions.id))
      .limit(1);
    if (newest?.kind === 'autosave' && newest.editorId === editorId && newest.sessionId === sessionId) {
      await tx.update(postRevisions).set({ title, body, createdAt: at }).where(eq(postRevisions.id, newest.id));
      return;
    }
  }
  await tx.insert(postRevisions).values({ postId, editorId, sessionId, kind, title, body, createdAt: at });
}

const utcMicros = sql<string>`to_char(${postRevisions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const selectRevisions = (db: Executor) =>
  db
    .select({
      id: postRevisions.id,
      createdAt: postRevisions.createdAt,
      cursorKey: utcMicros,
      title: postRevisions.title,
      body: postRevisions.body,
      kind: postRevisions.kind,
      author: publicUserColumns,
    })
    .from(postRevisions)
    .leftJoin(users, eq(users.id, postRevisions.editorId));

type RevisionRow = Awaited<ReturnType<typeof selectRevisions>>[number];

const summaryOf = (row: RevisionRow): RevisionSummary => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  author: row.author ? toPublicUser(row.author) : null,
  title: row.title,
  kind: kindView(row.kind),
});

/** A post's revisions, newest first, for its author or an admin. */
export async function listRevisions(
  deps: Deps,
  viewer: AuthUser,
  slug: string,
  page: { limit: number; cursor?: string },
): Promise<Page<RevisionSummary>> {
  const post = await findEditablePost(deps.db, slug, viewer, deps.clock.now());
  const after = page.cursor ? decodeCursor(page.cursor, timestampKey) : undefined;
  const rows = await selectRevisions(deps.db)
    .where(
      and(
        eq(postRevisions.postId, post.id),
        after
          ? or(
              lt(postRevisions.createdAt, sql`${after.key}::timestamptz`),
              and(eq(postRevisions.createdAt, sql`${after.key}::timestamptz`), lt(postRevisions.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(postRevisions.createdAt), desc(postRevisions.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > page.limit && last ? encodeCursor(last.cursorKey, last.id) : null;
  return { items: items.map(summaryOf), nextCursor };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One revision of the post, with its body. */
export async function getRevision(deps: Deps, viewer: AuthUser, slug: string, id: string): Promise<RevisionView> {
  const post = await findEditablePost(deps.db, slug, viewer, deps.clock.now());
  if (!uuidPattern.test(id)) throw notFound('Revision');
  const [row] = await selectRevisions(deps.db).where(and(eq(postRevisions.id, id), eq(postRevisions.postId, post.id)));
  if (!row) throw notFound('Revision');
  return { ...summaryOf(row), body: row.body };
}
