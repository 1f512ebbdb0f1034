import { and, eq, inArray, sql } from 'drizzle-orm';
import { comments, notifications, posts, users } from '#db/schema';
import type { Executor } from '#db/types';
import { excerptOf } from '../content/derive-text';
import type { MailContent } from './layout';
import type { UnsubscribeTopic } from './unsubscribe-token';

export interface NotificationLine {
  id: string;
  type: 'comment' | 'reply';
  actor: string;
  postTitle: string;
  postSlug: string;
  commentId: string | null;
  excerpt: string;
}

/** Reply and comment notifications, with the words a message about them needs. */
export async function loadNotificationLines(db: Executor, ids: string[]): Promise<NotificationLine[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: notifications.id,
      type: notifications.type,
      actorName: users.displayName,
      actorUsername: users.username,
      postTitle: posts.title,
      postSlug: posts.slug,
      commentId: notifications.commentId,
      body: comments.body,
      deletedAt: comments.deletedAt,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.actorId))
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(and(inArray(notifications.id, ids), inArray(notifications.type, ['comment', 'reply'])))
    .orderBy(sql`${notifications.createdAt}`);
  return rows
    .filter((row) => row.body !== null && row.deletedAt === null)
    .map((row) => ({
      id: row.id,
      type: row.type as 'comment' | 'reply',
      actor: row.actorName || `@${row.actorUsername}`,
      postTitle: row.postTitle,
      postSlug: row.postSlug,
      commentId: row.commentId,
      excerpt: excerptOf(row.body ?? ''),
    }));
}

export const topicOf = (type: 'comment' | 'reply'): UnsubscribeTopic => (type === 'reply' ? 'replies' : 'comments');

const linkOf = (publicUrl: string, line: NotificationLine) =>
  `${publicUrl}/p/${encodeURIComponent(line.postSlug)}${line.commentId ? `#comment-${line.commentId}` : ''}`;

const headline = (line: NotificationLine) =>
  line.type === 'reply'
    ? `${line.actor} replied to your comment on "${line.postTitle}"`
    : `${line.actor} commented on "${line.postTitle}"`;

/** One reply or comment, as it happened. */
export function instantContent(line: NotificationLine, publicUrl: string): MailContent {
  return {
    subject: headline(line),
    paragraphs: [`${headline(line)}:`, `“${line.excerpt}”`],
    action: { label: line.type === 'reply' ? 'Read the reply' : 'Read the comment', url: linkOf(publicUrl, line) },
  };
}

/** A day's replies and comments in one message. */
export function digestContent(lines: NotificationLine[], publicUrl: string, siteName: string): MailContent {
  return {
    subject: `${lines.length} new ${lines.length === 1 ? 'response' : 'responses'} on ${siteName}`,
    paragraphs: lines.map((line) => `${headline(line)}:\n“${line.excerpt}”\n${linkOf(publicUrl, line)}`),
    action: { label: 'Open your notifications', url: `${publicUrl}/notifications` },
  };
}

/** The recipient's current preference and address state, read again at send time. */
export async function mailableRecipient(db: Executor, userId: string) {
  const [row] = await db
    .select({
      email: users.email,
      verified: sql<boolean>`${users.emailVerifiedAt} is not null`,
      replies: users.notifyReplies,
      comments: users.notifyComments,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}
