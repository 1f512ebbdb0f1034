import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const postStatuses = ['draft', 'scheduled', 'published'] as const;
export type PostStatus = (typeof postStatuses)[number];

export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    html: text('html').notNull(),
    // Plain text of the rendered body: the search vector's C part and the source of search snippets.
    bodyText: text('body_text').notNull().default(''),
    excerpt: text('excerpt').notNull().default(''),
    readingTimeMinutes: integer('reading_time_minutes').notNull().default(1),
    coverImageUrl: text('cover_image_url'),
    coverImageAlt: text('cover_image_alt'),
    // Optional search and social text; null falls back to the title, excerpt and cover image.
    metaTitle: text('meta_title'),
    metaDescription: text('meta_description'),
    socialImageUrl: text('social_image_url'),
    canonicalUrl: text('canonical_url'),
    // Bumped by every edit: an edit made from an older version is refused (no lost updates).
    version: integer('version').notNull().default(1),
    status: text('status', { enum: postStatuses }).notNull().default('draft'),
    publishAt: timestamp('publish_at', { withTimezone: true }),
    // For a scheduled post this is its publishAt, so "visible" is one predicate: status <> 'draft' and published_at <= now().
    publishedAt: timestamp('published_at', { withTimezone: true }),
    likesCount: integer('likes_count').notNull().default(0),
    commentsCount: integer('comments_count').notNull().default(0),
    // Maintained by the service: a generated column cannot read post_tags.
    searchVector: tsvector('search_vector'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('posts_slug_key').on(t.slug),
    index('posts_latest_idx').on(t.publishedAt.desc(), t.id.desc()).where(sql`${t.status} <> 'draft'`),
    index('posts_top_idx').on(t.likesCount.desc(), t.id.desc()).where(sql`${t.status} <> 'draft'`),
    index('posts_author_idx').on(t.authorId, t.publishedAt.desc(), t.id.desc()),
    index('posts_author_drafts_idx').on(t.authorId, t.updatedAt.desc()).where(sql`${t.status} <> 'published'`),
    index('posts_due_idx').on(t.publishedAt).where(sql`${t.status} = 'scheduled'`),
    index('posts_search_idx').using('gin', t.searchVector),
    check('posts_status_check', sql`${t.status} in ('draft', 'scheduled', 'published')`),
    check('posts_counts_check', sql`${t.likesCount} >= 0 and ${t.commentsCount} >= 0`),
  ],
);

/** Former slugs of a post, so that old links answer 301 to the current one. */
export const postSlugs = pgTable(
  'post_slugs',
  {
    slug: text('slug').primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('post_slugs_post_idx').on(t.postId)],
);

export const likes = pgTable(
  'likes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.postId] }), index('likes_post_idx').on(t.postId)],
);
