import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { users } from '../../../../db/schema';
import type { Deps } from '../../ports';
import { enqueueMail } from './enqueue-mail';

export interface MailableNotification {
  id: string;
  userId: string;
  type: string;
}

/**
 * Queues the instant emails for new reply and comment notifications: only to verified addresses
 * whose owner chose "instant" for that kind. Called after the comment's commit, off the answer
 * (comment creation is one hot statement); a crash in that instant loses only the email, never
 * the notification, which the daily digest and the app still show (ADR 0100).
 */
export async function queueNotificationMail(deps: Deps, created: MailableNotification[]): Promise<void> {
  const wanted = created.filter((n) => n.type === 'reply' || n.type === 'comment');
  if (wanted.length === 0) return;
  const recipients = await deps.db
    .select({ id: users.id, email: users.email, replies: users.notifyReplies, comments: users.notifyComments })
    .from(users)
    .where(
      and(
        inArray(
          users.id,
          wanted.map((n) => n.userId),
        ),
        isNotNull(users.emailVerifiedAt),
        or(eq(users.notifyReplies, 'instant'), eq(users.notifyComments, 'instant')),
      ),
    );
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const items = wanted.flatMap((n) => {
    const recipient = byId.get(n.userId);
    const pref = n.type === 'reply' ? recipient?.replies : recipient?.comments;
    if (!recipient || pref !== 'instant') return [];
    return [
      { kind: 'notification' as const, userId: n.userId, to: recipient.email, payload: { notificationId: n.id } },
    ];
  });
  if (items.length === 0) return;
  await enqueueMail(deps.db, items, deps.clock.now());
  deps.mail.kick();
}
