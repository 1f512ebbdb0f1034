import { notificationEvent, type OutboxEvent } from '../realtime/outbox';

/** The room every reader of a post joins (API-CONTRACT.md, "Realtime"). */
export const postRoom = (postId: string) => `post/${postId}`;

/** After a like or unlike: the post's like count, as everyone reading it is told. */
export const likesCountEvent = (postId: string): OutboxEvent => ({
  room: postRoom(postId),
  type: 'post.liked',
  ref: postId,
});

/** After an edit: the post as an anonymous reader sees it (sent only while it is public). */
export const postUpdatedEvent = (postId: string): OutboxEvent => ({
  room: postRoom(postId),
  type: 'post.updated',
  ref: postId,
});

/** After a publish: each follower's new `publish` notification, to their own room. */
export const followerNotificationEvents = (recipients: readonly { userId: string; notificationId: string }[]) =>
  recipients.map(({ userId, notificationId }) => notificationEvent(userId, notificationId));
