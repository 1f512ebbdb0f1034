import type { Deps } from '../../ports';
import type { PublicUser } from '../users/public-user';
import type { PostView } from './post-view';

/** The room every reader of a post joins (API-CONTRACT.md, "Realtime"). */
export const postRoom = (postId: string) => `post/${postId}`;

/** After a like or unlike commits: the new count for everyone reading the post (after the answer). */
export function publishLikesCount(deps: Deps, postId: string, likesCount: number): void {
  deps.realtime.publishLater(async () => [
    { room: postRoom(postId), event: { type: 'post.liked', data: { likesCount } } },
  ]);
}

/** After an edit commits: the post as an anonymous reader sees it (no `likedByMe`). */
export function publishPostUpdated(deps: Deps, post: PostView): void {
  const { likedByMe: _viewerSpecific, ...publicView } = post;
  deps.realtime.publishLater(async () => [
    { room: postRoom(post.id), event: { type: 'post.updated', data: publicView } },
  ]);
}

export interface PublishedPost {
  id: string;
  slug: string;
  title: string;
  author: PublicUser;
}

/** After a publish commits: each follower's new `publish` notification, to their own room. */
export function publishFollowerNotifications(
  deps: Deps,
  post: PublishedPost,
  recipients: readonly { userId: string; notificationId: string }[],
  createdAt: Date,
): void {
  if (recipients.length === 0) return;
  deps.realtime.publishLater(async () =>
    recipients.map(({ userId, notificationId }) => ({
      room: `user/${userId}`,
      event: {
        type: 'notification.created',
        data: {
          id: notificationId,
          type: 'publish',
          actor: post.author,
          post: { id: post.id, slug: post.slug, title: post.title },
          read: false,
          createdAt: createdAt.toISOString(),
        },
      },
    })),
  );
}
