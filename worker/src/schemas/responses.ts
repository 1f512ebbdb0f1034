import { z } from 'zod';

/**
 * What the API answers, as zod schemas mirroring the service views (PostView, CommentThread, OwnUser…),
 * so the OpenAPI document describes response bodies too; the property test in routes/docs checks every
 * answer of the real app against them, so they cannot silently drift from the views.
 */

const timestamp = z.string().describe('ISO 8601 date-time');
const nullableTimestamp = timestamp.nullable();

export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  bio: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.enum(['user', 'admin']),
  createdAt: timestamp,
  followersCount: z.number().int(),
  followingCount: z.number().int(),
  postsCount: z.number().int(),
  following: z.boolean().optional(),
});

export const ownUserSchema = publicUserSchema.extend({ email: z.string(), emailVerified: z.boolean() });
const profileSchema = publicUserSchema.extend({ suspended: z.boolean().optional().describe('Shown to admins only') });

const responsiveImageSchema = z.object({
  src: z.string(),
  srcSet: z.string().nullable(),
  sizes: z.string().nullable(),
  width: z.number(),
  height: z.number(),
});

export const postViewSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  html: z.string(),
  excerpt: z.string(),
  readingTimeMinutes: z.number().int(),
  coverImage: z.object({ url: z.string(), alt: z.string(), responsive: responsiveImageSchema.nullable() }).nullable(),
  seo: z.object({
    metaTitle: z.string().nullable(),
    metaDescription: z.string().nullable(),
    socialImage: z.string().nullable(),
    canonicalUrl: z.string().nullable(),
  }),
  status: z.enum(['draft', 'scheduled', 'published']),
  publishAt: nullableTimestamp,
  publishedAt: nullableTimestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
  author: publicUserSchema,
  tags: z.array(z.string()),
  likesCount: z.number().int(),
  commentsCount: z.number().int(),
  version: z.number().int(),
  likedByMe: z.boolean().optional(),
});

const commentViewSchema = z.object({
  id: z.string(),
  postId: z.string(),
  parentId: z.string().nullable(),
  body: z.string(),
  html: z.string(),
  author: publicUserSchema,
  createdAt: timestamp,
  updatedAt: timestamp,
  deleted: z.boolean(),
});
const commentThreadSchema = commentViewSchema.extend({ replies: z.array(commentViewSchema) });

const revisionSummarySchema = z.object({
  id: z.string(),
  createdAt: timestamp,
  author: publicUserSchema.nullable(),
  title: z.string(),
  // A run of autosaves is one "save" revision, still updated while that editing session goes on.
  kind: z.enum(['publish', 'save', 'restore']),
});

const notificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  actor: publicUserSchema,
  post: z.object({ id: z.string(), slug: z.string(), title: z.string() }).optional(),
  comment: z.object({ id: z.string() }).optional(),
  read: z.boolean(),
  createdAt: timestamp,
});

/** A keyset page: pass `nextCursor` back as `cursor` for the next one; null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const emailPreferencesSchema = z.object({
  replies: z.string(),
  comments: z.string(),
  digestHour: z.number().int(),
  timeZone: z.string(),
});

/** Rows of the data export: listed by their identifying fields, the rest is free-form. */
const exportedRow = z.object({ id: z.string(), createdAt: timestamp }).loose();

const tokensSchema = z.object({ accessToken: z.string(), refreshToken: z.string() });

export const responseBodies = {
  tokens: tokensSchema,
  session: tokensSchema.extend({ user: ownUserSchema }),
  ownUser: z.object({ user: ownUserSchema }),
  profile: z.object({ user: profileSchema }),
  pendingEmail: z.object({ user: ownUserSchema, pendingEmail: z.string() }),
  accepted: z.object({}),
  emailPreferences: z.object({ preferences: emailPreferencesSchema }),
  accountExport: z.object({
    exportedAt: timestamp,
    profile: ownUserSchema,
    emailPreferences: emailPreferencesSchema,
    posts: z.array(exportedRow),
    comments: z.array(exportedRow),
    media: z.array(exportedRow),
  }),
  accountState: z.object({
    account: z.object({
      username: z.string(),
      email: z.string(),
      emailVerified: z.boolean(),
      emailSuppressed: z.boolean(),
      suspended: z.boolean(),
      createdAt: timestamp,
    }),
  }),
  follow: z.object({ following: z.boolean(), followersCount: z.number().int() }),
  post: z.object({ post: postViewSchema }),
  posts: pageOf(postViewSchema),
  revisions: pageOf(revisionSummarySchema),
  revision: z.object({ revision: revisionSummarySchema.extend({ body: z.string() }) }),
  previewLink: z.object({ url: z.string(), expiresAt: timestamp }),
  preview: z.object({ post: postViewSchema, expiresAt: timestamp, preview: z.literal(true) }),
  like: z.object({ likesCount: z.number().int(), likedByMe: z.boolean() }),
  comment: z.object({ comment: commentViewSchema }),
  comments: pageOf(commentThreadSchema),
  tags: z.object({ items: z.array(z.object({ name: z.string(), slug: z.string(), postsCount: z.number().int() })) }),
  notifications: pageOf(notificationSchema),
  count: z.object({ count: z.number().int() }),
  ticket: z.object({ ticket: z.string(), expiresAt: timestamp }),
  roomEvents: z.object({
    events: z.array(z.object({ seq: z.number().int() }).loose()),
    latestSeq: z.number().int(),
    oldestSeq: z.number().int(),
  }),
  roomPublic: z.object({ public: z.boolean() }),
  health: z.object({
    status: z.enum(['ok', 'degraded']),
    checks: z.object({ db: z.enum(['ok', 'down']), redis: z.string() }),
  }),
};
