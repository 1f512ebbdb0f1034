/** The posts feature's front door: other code imports only this. Pages load lazily. */
export { PostList } from './post-list';
export { authorPostsQuery, draftsQuery, postQuery, prefetchHome, prefetchPost, prefetchTag } from './queries';

export const postsPages = {
  home: () => import('./home-page').then((m) => m.HomePage),
  post: () => import('./post-page').then((m) => m.PostPage),
  tag: () => import('./tag-page').then((m) => m.TagPage),
  feed: () => import('./feed-page').then((m) => m.FeedPage),
  preview: () => import('./preview-page').then((m) => m.PreviewPage),
};
