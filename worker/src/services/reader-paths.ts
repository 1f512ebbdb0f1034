/**
 * Where the web app shows a post, an author and a tag, and where their Atom feeds are: every link the
 * server writes for readers outside the app (feeds, sitemaps, page heads) is built here.
 */
export const readerPaths = {
  post: (slug: string) => `/p/${encodeURIComponent(slug)}`,
  profile: (username: string) => `/@${encodeURIComponent(username)}`,
  tag: (slug: string) => `/t/${encodeURIComponent(slug)}`,
  siteFeed: '/api/atom/posts',
  authorFeed: (username: string) => `/api/atom/users/${encodeURIComponent(username)}`,
  tagFeed: (slug: string) => `/api/atom/tags/${encodeURIComponent(slug)}`,
};

/** The name a person goes by on the site: their display name, else their username. */
export const shownName = (user: { displayName: string; username: string }) => user.displayName || user.username;
