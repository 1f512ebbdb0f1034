import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Executor } from '#db/types';
import { notFound } from '#worker/errors';
import type { EmailPreferencesBody, MailFrequency } from '#worker/schemas/email-preferences';
import type { UnsubscribeTopic } from '../mail/unsubscribe-token';

export interface EmailPreferences {
  replies: MailFrequency;
  comments: MailFrequency;
  digestHour: number;
  timeZone: string;
}

const columns = {
  replies: users.notifyReplies,
  comments: users.notifyComments,
  digestHour: users.digestHour,
  timeZone: users.timeZone,
};

export async function getEmailPreferences(db: Executor, userId: string): Promise<EmailPreferences> {
  const [row] = await db.select(columns).from(users).where(eq(users.id, userId));
  if (!row) throw notFound('User');
  return row;
}

export async function updateEmailPreferences(
  db: Executor,
  userId: string,
  input: EmailPreferencesBody,
): Promise<EmailPreferences> {
  const changes = {
    notifyReplies: input.replies,
    notifyComments: input.comments,
    digestHour: input.digestHour,
    timeZone: input.timeZone,
  };
  // Every field is optional: a body that names none changes nothing and answers what is saved.
  if (Object.values(changes).every((value) => value === undefined)) return getEmailPreferences(db, userId);
  const [row] = await db.update(users).set(changes).where(eq(users.id, userId)).returning(columns);
  if (!row) throw notFound('User');
  return row;
}

/** What a one-click unsubscribe turns off. */
export async function unsubscribe(db: Executor, userId: string, topic: UnsubscribeTopic): Promise<void> {
  await db
    .update(users)
    .set({
      notifyReplies: topic === 'comments' ? undefined : 'off',
      notifyComments: topic === 'replies' ? undefined : 'off',
    })
    .where(eq(users.id, userId));
}
