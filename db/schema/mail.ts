import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const emailTokenPurposes = ['password_reset', 'email_verify', 'email_change', 'email_change_undo'] as const;
export type EmailTokenPurpose = (typeof emailTokenPurposes)[number];

/** Single-use tokens behind mailed links; only a SHA-256 of the token is stored. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: emailTokenPurposes }).notNull(),
    tokenHash: text('token_hash').notNull(),
    // The address the link proves (verification, a new address) or restores (undo).
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_tokens_hash_key').on(t.tokenHash),
    index('email_tokens_user_idx').on(t.userId, t.purpose),
    check(
      'email_tokens_purpose_check',
      sql`${t.purpose} in ('password_reset', 'email_verify', 'email_change', 'email_change_undo')`,
    ),
  ],
);

/** Messages about the account itself: they go to any address, verified or not, and carry no unsubscribe. */
export const securityMailKinds = [
  'password_reset',
  'password_changed',
  'email_verify',
  'email_change',
  'email_change_notice',
  'account_deleted',
] as const;
export const mailKinds = [...securityMailKinds, 'notification', 'digest'] as const;
export type MailKind = (typeof mailKinds)[number];

export const mailStatuses = ['pending', 'sent', 'failed', 'skipped'] as const;

/**
 * The durable mail queue: a row is written in the transaction that causes the message and is
 * delivered after commit, retried with backoff until it is sent or fails for good (ADR 0110).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    // Null once the account is gone: security notices (account deleted) still go out.
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    // What the template needs; links with tokens are removed once the message is sent.
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: mailStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('mail_outbox_status_check', sql`${t.status} in ('pending', 'sent', 'failed', 'skipped')`),
  ],
);

/** Addresses that bounced hard or complained: only security messages still go to them. */
export const mailSuppressions = pgTable('mail_suppressions', {
  address: text('address').primaryKey(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
