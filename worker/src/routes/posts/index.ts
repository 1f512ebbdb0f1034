import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { cachedForAnonymous, publicTtl } from '#worker/cache/public-content';
import { notFound } from '#worker/errors';
import { optionalUser, requireUser } from '#worker/middleware/auth';
import { cacheableGet, strongEtag } from '#worker/middleware/etag';
import { parseIfMatch, versionedEtag } from '#worker/middleware/post-etag';
import { postCreateRateLimit } from '#worker/middleware/route-rate-limits';
import { createPostBody, listPostsQuery, pageQuery, updatePostBody } from '#worker/schemas/posts';
import {
  createPost,
  createPreviewLink,
  deletePost,
  getPostBySlug,
  getRevision,
  likePost,
  listDrafts,
  listPosts,
  listRevisions,
  restoreRevision,
  revokePreviewLink,
  unlikePost,
  updatePost,
} from '#worker/services/posts';
import { validate } from '#worker/validation';

/** Every slug, current or former, is [a-z0-9-]; anything else names no post (and never reaches SQL). */
function postSlug(slug: string): string {
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) throw notFound('Post');
  return slug;
}

export const postsRoutes = new Hono<AppEnv>()
  .post('/', requireUser, postCreateRateLimit, validate('json', createPostBody), async (c) => {
    const post = await createPost(c.get('deps'), c.get('user'), c.req.valid('json'));
    return c.json({ post }, 201);
  })
  .get('/', optionalUser, cacheableGet, validate('query', listPostsQuery), async (c) => {
    const { author, tag, sort, ...page } = c.req.valid('query');
    const load = () => listPosts(c.get('deps'), c.get('user'), { authorUsername: author, tagSlug: tag }, sort, page);
    if (page.cursor) return c.json(await load());
    return c.json(
      await cachedForAnonymous(c, `posts:${sort}:${author ?? ''}:${tag ?? ''}:${page.limit}`, publicTtl.list, load),
    );
  })
  .get('/drafts', requireUser, cacheableGet, validate('query', pageQuery), async (c) => {
    return c.json(await listDrafts(c.get('deps'), c.get('user'), c.req.valid('query')));
  })
  .get('/:slug', optionalUser, cacheableGet, async (c) => {
    const slug = postSlug(c.req.param('slug'));
    const found = await cachedForAnonymous(c, `post:${slug}`, publicTtl.post, () =>
      getPostBySlug(c.get('deps'), slug, c.get('user')),
    );
    if (found.kind === 'moved') return c.redirect(`/api/posts/${found.slug}`, 301);
    c.set('etagVersion', found.post.version);
    return c.json({ post: found.post });
  })
  .patch('/:slug', requireUser, validate('json', updatePostBody), async (c) => {
    const ifMatch = c.req.header('if-match');
    const post = await updatePost(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')), c.req.valid('json'), {
      ifMatchVersions: ifMatch === undefined ? undefined : parseIfMatch(ifMatch),
    });
    // The next edit can send this back in If-Match, as it would a GET's (c.json writes the same bytes).
    const bytes = new TextEncoder().encode(JSON.stringify({ post }));
    c.header('ETag', versionedEtag(post.version, await strongEtag(bytes.buffer as ArrayBuffer)));
    return c.json({ post });
  })
  .delete('/:slug', requireUser, async (c) => {
    await deletePost(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')));
    return c.body(null, 204);
  })
  .get('/:slug/revisions', requireUser, validate('query', pageQuery), async (c) =>
    c.json(await listRevisions(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')), c.req.valid('query'))),
  )
  .get('/:slug/revisions/:id', requireUser, async (c) => {
    const { slug, id } = c.req.param();
    return c.json({ revision: await getRevision(c.get('deps'), c.get('user'), postSlug(slug), id) });
  })
  .post('/:slug/revisions/:id/restore', requireUser, async (c) => {
    const { slug, id } = c.req.param();
    return c.json({ post: await restoreRevision(c.get('deps'), c.get('user'), postSlug(slug), id) });
  })
  .post('/:slug/preview-link', requireUser, async (c) =>
    c.json(await createPreviewLink(c.get('deps'), c.get('user'), postSlug(c.req.param('slug'))), 201),
  )
  .delete('/:slug/preview-link', requireUser, async (c) => {
    await revokePreviewLink(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')));
    return c.body(null, 204);
  })
  .post('/:slug/like', requireUser, async (c) =>
    c.json(await likePost(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')))),
  )
  .delete('/:slug/like', requireUser, async (c) =>
    c.json(await unlikePost(c.get('deps'), c.get('user'), postSlug(c.req.param('slug')))),
  );
