/**
 * The HTTP contract suites: each runs on every engine, PGlite and Postgres in the node project and the
 * real Worker in the workerd project (vitest.config.ts). They take their engines from `contractEngines()`
 * (directly or through `describeOnEngines`); test/contract-suites.test.ts keeps this list and those uses in step.
 */
export const contractSuites = [
  'worker/src/app.test.ts',
  'worker/src/pages/reader-pages.test.ts',
  'worker/src/routes/admin/admin.test.ts',
  'worker/src/routes/atom/atom.test.ts',
  'worker/src/routes/auth/auth.test.ts',
  'worker/src/routes/auth/email-address.test.ts',
  'worker/src/routes/auth/password-reset.test.ts',
  'worker/src/routes/auth/session-revocation.test.ts',
  'worker/src/routes/comments/authorization-matrix.test.ts',
  'worker/src/routes/comments/comments.test.ts',
  'worker/src/routes/discovery/discovery.test.ts',
  'worker/src/routes/docs/docs.test.ts',
  'worker/src/routes/feed/feed.test.ts',
  'worker/src/routes/follows/follows.test.ts',
  'worker/src/routes/media/media.test.ts',
  'worker/src/routes/notifications/notifications.test.ts',
  'worker/src/routes/posts/authorization-matrix.test.ts',
  'worker/src/routes/posts/likes-and-lists.test.ts',
  'worker/src/routes/posts/post-updates.test.ts',
  'worker/src/routes/posts/posts.test.ts',
  'worker/src/routes/posts/revisions.test.ts',
  'worker/src/routes/preview/preview.test.ts',
  'worker/src/routes/realtime/realtime.test.ts',
  'worker/src/routes/search/search.test.ts',
  'worker/src/routes/tags/tags.test.ts',
  'worker/src/routes/users/account-data.test.ts',
  'worker/src/routes/users/users.test.ts',
  'worker/src/server/post-seo.test.ts',
];
