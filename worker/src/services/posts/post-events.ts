import type { Deps } from '../../ports';
import type { PublicUser } from '../users/public-user';
import type { PostView } from './post-view';

/** The room every reader of a post joins (API-CONTRACT.md, "Realtime"). */
export const postRoom = (postId: string) => `post/${postId}`;

/** After a like or unlike commits: the new count for everyone reading the post. */
export function publishLikesCount(deps: Deps, postId: string, likesCount: number): Promise<void> {
  return deps.realtime.publish(postRoom(postId), { type: 'post.liked', data: { likesCount } });
}

/** After an edit commits: the post as an anonymous reader sees it (no `likedByMe`). */
export function publishPostUpdated(deps: Deps, post: PostView): Promise<void> {
  const { likedByMe: _viewerSpecific, ...publicView } = post;
  return deps.realtime.publish(postRoom(post.id), { type: 'post.updated', data: publicView });
}

export interface PublishedPost {
  id: string;
  slug: string;
  title: string;
  author: PublicUser;
}

/** After a publish commits: each follower's new `publish` notification, to their own room. */
export async function publishFollowerNotifications(
  deps: Deps,
  post: PublishedPost,
  recipients: readonly { userId: string; notificationId: string }[],
  createdAt: Date,
): Promise<void> {
  await Promise.all(
    recipients.map(({ userId, notificationId }) =>
      deps.realtime.publish(`user/${userId}`, {
        type: 'notification.created',
        data: {
          id: notificationId,
          type: 'publish',
          actor: post.author,
          post: { id: post.id, slug: post.slug, title: post.title },
          read: false,
          createdAt: createdAt.toISOString(),
        },
      }),
    ),
  );
}
