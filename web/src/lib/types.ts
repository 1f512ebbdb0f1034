/**
 * The API's resource shapes, imported type-only from the service view modules: nothing from the
 * server reaches the bundle, and a field the API renames breaks the web build instead of the page.
 */
export type { CommentThread, CommentView as Comment } from '#worker/services/comments/comment-view';
export type { MediaJson as Media } from '#worker/services/media/upload-media';
export type { NotificationView as Notification } from '#worker/services/notifications/notification-view';
export type { Page } from '#worker/services/posts/post-cursor';
export type { PostView as Post } from '#worker/services/posts/post-view';
export type { SearchHit } from '#worker/services/search/search-posts';
export type { OwnUser as Me } from '#worker/services/users/own-user';
export type { PublicUser } from '#worker/services/users/public-user';
