import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored lower-case so uniqueness and lookups are case-insensitive.
    email: text('email').notNull(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull().default(''),
    bio: text('bio').notNull().default(''),
    avatarUrl: text('avatar_url'),
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    // Bumped on suspension and password change so that access tokens already issued stop working.
    tokenVersion: integer('token_version').notNull().default(0),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    followersCount: integer('followers_count').notNull().default(0),
    followingCount: integer('following_count').notNull().default(0),
    postsCount: integer('posts_count').notNull().default(0),
    // Kept by triggers on notifications (migration 0002), so the badge never counts rows.
    unreadNotifications: integer('unread_notifications').notNull().default(0),
    // Null until the owner opens the verification link; unverified addresses get security mail only.
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    notifyReplies: text('notify_replies', { enum: ['off', 'instant', 'daily'] })
      .notNull()
      .default('instant'),
    notifyComments: text('notify_comments', { enum: ['off', 'instant', 'daily'] })
      .notNull()
      .default('instant'),
    // The local hour (0-23, in `time_zone`) at which a daily digest goes out.
    digestHour: integer('digest_hour').notNull().default(8),
    timeZone: text('time_zone').notNull().default('UTC'),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_username_key').on(t.username),
    check('users_role_check', sql`${t.role} in ('user', 'admin')`),
    check('users_email_lower_check', sql`${t.email} = lower(${t.email})`),
    check('users_notify_replies_check', sql`${t.notifyReplies} in ('off', 'instant', 'daily')`),
    check('users_notify_comments_check', sql`${t.notifyComments} in ('off', 'instant', 'daily')`),
    check('users_digest_hour_check', sql`${t.digestHour} between 0 and 23`),
    check('users_username_format_check', sql`${t.username} ~ '^[a-z0-9_-]{3,30}$'`),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // All tokens rotated from one login share a family; reuse of any member revokes the family (RFC 9700).
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

export const follows = pgTable(
  'follows',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.followeeId),
    check('follows_not_self_check', sql`${t.followerId} <> ${t.followeeId}`),
  ],
);
