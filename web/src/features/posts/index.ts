/** The posts feature's front door: other code imports only this. Pages load lazily. */
export { PostList } from './post-list';

import type { Prefetch } from '#web/lib/prefetch';

export { authorPostsQuery, draftsQuery, postQuery, prefetchHome, prefetchTag } from './queries';

/**
 * Loaded when called (only servers call it): it reaches the comments feature, whose section and
 * forms would otherwise join every reader's first load through the route table.
 */
export const prefetchPost: Prefetch = (...args) => import('./prefetch-post').then((m) => m.prefetchPost(...args));

export const postsPages = {
  home: () => import('./home-page').then((m) => m.HomePage),
  post: () => import('./post-page').then((m) => m.PostPage),
  tag: () => import('./tag-page').then((m) => m.TagPage),
  feed: () => import('./feed-page').then((m) => m.FeedPage),
  preview: () => import('./preview-page').then((m) => m.PreviewPage),
};
