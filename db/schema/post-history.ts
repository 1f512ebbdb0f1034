import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { posts } from './posts';
import { users } from './users';

export const revisionKinds = ['publish', 'save', 'restore', 'autosave'] as const;
export type RevisionKind = (typeof revisionKinds)[number];

/**
 * Earlier versions of a post's title and body: one per publish, explicit save and restore, and one
 * per run of autosaves from one editing session (updated in place) so that typing does not flood
 * the list. The API shows an autosave row as a "save" (API-CONTRACT names three kinds).
 */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    // Who made this version; kept (as null) when that account is deleted.
    editorId: uuid('editor_id').references(() => users.id, { onDelete: 'set null' }),
    // The sign-in session (refresh-token family) that wrote it: two devices of one author each keep
    // their own run of autosaves. Null for tokens that name no session.
    sessionId: uuid('session_id'),
    kind: text('kind', { enum: revisionKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('post_revisions_post_idx').on(t.postId, t.createdAt.desc(), t.id.desc()),
    check('post_revisions_kind_check', sql`${t.kind} in ('publish', 'save', 'restore', 'autosave')`),
  ],
);

/** A post's secret draft-preview link; only the token's SHA-256 is stored. One live link per post. */
export const postPreviewLinks = pgTable(
  'post_preview_links',
  {
    postId: uuid('post_id')
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('post_preview_links_token_key').on(t.tokenHash)],
);
