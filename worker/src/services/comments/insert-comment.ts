import { and, eq, isNotNull, or, sql, type WithSubquery } from 'drizzle-orm';
import { comments, mailOutbox, notifications, posts, realtimeOutbox, users } from '#db/schema';
import { type Database, type Executor, isTransaction } from '#db/types';
import { oncePer } from '#worker/once-per';
import type { NewNotification } from '../notifications/create-notification';
import { publicUserColumns } from '../users/public-user';
import { type CommentView, toCommentView } from './comment-view';

export interface NewComment {
  id: string;
  postId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  html: string;
}

export type CommentNotification = Pick<NewNotification, 'userId' | 'type'> & { id: string };

const param = (name: string) => sql.placeholder(name);

/**
 * The comment, its notifications, its room events and its post's count in one statement that reads the comment back
 * with its author; one shape per number of notifications (a comment makes 0, 1 or 2).
 */
function commentStatement(ex: Executor, notificationCount: number) {
  const inserted = ex.$with('inserted').as(
    ex
      .insert(comments)
      .values({
        id: param('id'),
        postId: param('postId'),
        parentId: param('parentId'),
        authorId: param('authorId'),
        body: param('body'),
        html: param('html'),
      })
      .returning(),
  );
  const counted = ex.$with('counted').as(
    ex
      .update(posts)
      .set({ commentsCount: sql`${posts.commentsCount} + 1` })
      .where(eq(posts.id, param('postId')))
      .returning({ id: posts.id }),
  );
  const effects: WithSubquery[] = [inserted, counted];
  if (notificationCount > 0) {
    const rows = Array.from({ length: notificationCount }, (_, i) => ({
      id: param(`notification${i}`),
      userId: param(`recipient${i}`),
      type: param(`type${i}`),
      actorId: param('authorId'),
      postId: param('postId'),
      commentId: param('id'),
    }));
    effects.push(ex.$with('notified').as(ex.insert(notifications).values(rows).returning({ id: notifications.id })));
    for (let i = 0; i < notificationCount; i++) effects.push(mailQueued(ex, i));
  }
  // The room events go in with the comment (ADR 0101): the post's room hears of the comment, each
  // recipient's room of the notification and of their new unread count.
  const events = [{ room: param('postRoom'), type: 'comment.created', ref: param('id') }];
  for (let i = 0; i < notificationCount; i++) {
    events.push({ room: param(`userRoom${i}`), type: 'notification.created', ref: param(`notification${i}`) });
    events.push({ room: param(`userRoom${i}`), type: 'notifications.unread', ref: param(`recipient${i}`) });
  }
  effects.push(ex.$with('outboxed').as(ex.insert(realtimeOutbox).values(events).returning({ id: realtimeOutbox.id })));
  return ex
    .with(...effects)
    .select({
      id: inserted.id,
      postId: inserted.postId,
      parentId: inserted.parentId,
      body: inserted.body,
      html: inserted.html,
      deletedAt: inserted.deletedAt,
      createdAt: inserted.createdAt,
      updatedAt: inserted.updatedAt,
      author: publicUserColumns,
    })
    .from(inserted)
    .innerJoin(users, eq(users.id, inserted.authorId))
    .prepare(`comment_insert_${notificationCount}`);
}

/**
 * The email about notification `i`, queued with the comment (ADR 0110): only to a verified address
 * whose owner wants this kind right away. The recipient's row is read, not locked (ADR 0100).
 */
function mailQueued(ex: Executor, i: number) {
  const type = param(`type${i}`);
  const wanted = or(
    and(sql`${type} = 'reply'`, eq(users.notifyReplies, 'instant')),
    and(sql`${type} = 'comment'`, eq(users.notifyComments, 'instant')),
  );
  // insert ... select names every column, in the table's order.
  const recipient = ex
    .select({
      id: sql<string>`gen_random_uuid()`.as('id'),
      kind: sql<'notification'>`'notification'`.as('kind'),
      userId: sql<string>`${users.id}`.as('user_id'),
      toAddress: sql<string>`${users.email}`.as('to_address'),
      payload: sql<
        Record<string, unknown>
      >`jsonb_build_object('notificationId', ${param(`notification${i}`)}::uuid)`.as('payload'),
      status: sql<'pending'>`'pending'`.as('status'),
      attempts: sql<number>`0`.as('attempts'),
      nextAttemptAt: sql<Date>`now()`.as('next_attempt_at'),
      lockedUntil: sql<Date | null>`null`.as('locked_until'),
      lastError: sql<string | null>`null`.as('last_error'),
      sentAt: sql<Date | null>`null`.as('sent_at'),
      createdAt: sql<Date>`now()`.as('created_at'),
    })
    .from(users)
    .where(and(eq(users.id, param(`recipient${i}`)), isNotNull(users.emailVerifiedAt), wanted));
  return ex.$with(`mailed${i}`).as(ex.insert(mailOutbox).select(recipient).returning({ id: mailOutbox.id }));
}

// The most frequent write: built by drizzle and parsed by Postgres once per shape, not per comment.
const preparedShapes = oncePer((_db: Database) => new Map<number, ReturnType<typeof commentStatement>>());

function statementFor(ex: Executor, notificationCount: number) {
  if (isTransaction(ex)) return commentStatement(ex, notificationCount);
  const shapes = preparedShapes(ex);
  let statement = shapes.get(notificationCount);
  if (!statement) {
    statement = commentStatement(ex, notificationCount);
    shapes.set(notificationCount, statement);
  }
  return statement;
}

/**
 * Inserts the comment, its notifications and their room events, counts it on its post and reads it back with its
 * author, in one statement: a comment is the most frequent write, and every round trip counts.
 * The ids are made by the caller so that the notifications can name the comment in the statement.
 */
export async function insertComment(
  ex: Executor,
  values: NewComment,
  notify: CommentNotification[],
): Promise<CommentView> {
  const params: Record<string, unknown> = { ...values, postRoom: `post/${values.postId}` };
  for (const [i, notification] of notify.entries()) {
    params[`userRoom${i}`] = `user/${notification.userId}`;
    params[`notification${i}`] = notification.id;
    params[`recipient${i}`] = notification.userId;
    params[`type${i}`] = notification.type;
  }
  const [row] = await statementFor(ex, notify.length).execute(params);
  if (!row) throw new Error('insert returned no row');
  return toCommentView(row);
}
