import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, call, post, register, type Session } from './worker-client';

const available = inject('databaseUrl') !== '';

interface PostBody {
  post: { slug: string; title: string };
}

async function write(author: Session, input: Record<string, unknown>): Promise<PostBody['post']> {
  const res = await post('/api/posts', input, bearer(author.accessToken));
  expect(res.status).toBe(201);
  return (await res.json<PostBody>()).post;
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe("the web app in the Worker's assets", () => {
  // The pool's SELF calls the Worker itself; the ASSETS binding is the asset store that answers
  // the build's files, which wrangler.toml's run_worker_first leaves to it.
  it('holds the built app files, and answers a missing one with 404, never the shell', async () => {
    const index = await env.ASSETS.fetch('http://edge.test/');
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<div id="root"><!--app-html--></div>');
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    const asset = await env.ASSETS.fetch(`http://edge.test${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const gone = await env.ASSETS.fetch('http://edge.test/assets/index-gone.js');
    expect(gone.status).toBe(404);
  });
});

describe.skipIf(!available)('reader pages rendered by the Worker', () => {
  let author: Session;

  beforeAll(async () => {
    // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
    await call('/api/health');
    author = await register('page_author');
  }, 120_000);

  it('renders a post page with its article, head and status', async () => {
    const written = await write(author, {
      title: 'Rendered at the edge',
      body: '```ts\nexport const edge = true;\n```\n\nAn opening line.\n\nThe closing line of the edge article.',
      status: 'published',
      tags: ['Edge'],
    });
    const res = await SELF.fetch(`http://edge.test/p/${written.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(titleOf(html)).toBe('Rendered at the edge · Edgepress');
    expect(html).toContain('<meta property="og:type" content="article" />');
    expect(html).toContain('The closing line of the edge article.');
    expect(html).toContain('<script type="application/json" id="app-data">');
    // Code is coloured where the post is written, in workerd too; the description is the prose alone.
    expect(html).toContain('<span class="hljs-keyword">export</span>');
    expect(html).toContain(
      '<meta name="description" content="An opening line. The closing line of the edge article." />',
    );
  });

  it('answers 404 for a draft and a missing post, and 301 from a former slug', async () => {
    const draft = await write(author, { title: 'Edge draft never shown', body: 'Secret.', status: 'draft' });
    const hidden = await call(`/p/${draft.slug}`);
    expect(hidden.status).toBe(404);
    const hiddenHtml = await hidden.text();
    expect(hiddenHtml).not.toContain('Edge draft never shown');
    const missing = await call('/p/no-such-post-here');
    expect(missing.status).toBe(404);
    // A useful body without script: the not-found page in the site's layout, and no cache to resume.
    for (const html of [hiddenHtml, await missing.text()]) {
      expect(html).toContain('<h1>Page not found</h1>');
      expect(html).toContain('Back to the home page</a>');
      expect(html).not.toContain('id="app-data"');
    }
    const moved = await write(author, { title: 'Edge rename', body: 'Body.', status: 'published' });
    const patch = await call(`/api/posts/${moved.slug}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...bearer(author.accessToken) },
      body: JSON.stringify({ slug: `${moved.slug}-moved` }),
    });
    expect(patch.status).toBe(200);
    const redirect = await call(`/p/${moved.slug}?ref=x`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/p/${moved.slug}-moved?ref=x`);
  });

  it('answers the second request for a page from the edge cache, and revalidates with 304', async () => {
    const written = await write(author, { title: 'Cached at the edge', body: 'Body.', status: 'published' });
    const first = await call(`/p/${written.slug}`);
    expect(first.headers.get('x-edge-cache')).toBe('MISS');
    const body = await first.text();
    const second = await call(`/p/${written.slug}`);
    expect(second.headers.get('x-edge-cache')).toBe('HIT');
    expect(await second.text()).toBe(body);
    expect(second.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const etag = second.headers.get('etag') ?? '';
    const revalidated = await call(`/p/${written.slug}`, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    // Signed-in visitors (the session hint) always get a fresh render.
    const hinted = await call(`/p/${written.slug}`, { headers: { Cookie: 'signed_in=1' } });
    expect(hinted.headers.get('x-edge-cache')).toBeNull();
  });

  it('shows a write to signed-out readers within the promised bound', async () => {
    const written = await write(author, { title: 'Before the edit', body: 'Body.', status: 'published' });
    expect(titleOf(await (await call(`/p/${written.slug}`)).text())).toBe('Before the edit · Edgepress');
    expect((await call(`/p/${written.slug}`)).headers.get('x-edge-cache')).toBe('HIT');
    const edited = await call(`/api/posts/${written.slug}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...bearer(author.accessToken) },
      body: JSON.stringify({ title: 'After the edit' }),
    });
    expect(edited.status).toBe(200);
    const started = Date.now();
    let title = '';
    while (Date.now() - started < 5_000 + 1_000) {
      title = titleOf(await (await call(`/p/${written.slug}`)).text()) ?? '';
      if (title === 'After the edit · Edgepress') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(title).toBe('After the edit · Edgepress');
  });
});
