import type { Browser } from '@playwright/test';
import { newUser, pngImage, registerViaApi } from './support';

export interface SeededPages {
  username: string;
  slug: string;
  /** Pages under test, by name, as paths. */
  paths: Record<'home' | 'post' | 'editor' | 'profile' | 'search', string>;
}

/** An author with a published post (cover, tags, a comment) so reader pages have real content. */
export async function seedPages(browser: Browser): Promise<SeededPages> {
  const context = await browser.newContext();
  const user = newUser('seed');
  const { accessToken } = await registerViaApi(context.request, user);
  const headers = { Authorization: `Bearer ${accessToken}` };
  const upload = await context.request.post('/api/media', {
    headers,
    multipart: { file: { name: 'cover.png', mimeType: 'image/png', buffer: pngImage(320, 160) } },
  });
  const { media } = await upload.json();
  const created = await context.request.post('/api/posts', {
    headers,
    data: {
      title: 'A field guide to winter birds',
      body: 'Robins, **wrens** and tits.\n\n## Where to look\n\nHedges at dawn. [More](https://example.org).',
      tags: ['birds', 'winter'],
      coverImage: { url: media.url, alt: 'A gradient standing in for a robin' },
      status: 'published',
    },
  });
  const { post } = await created.json();
  await context.request.post(`/api/posts/${post.slug}/comments`, {
    headers,
    data: { body: 'First sighting: a wren.' },
  });
  await context.close();
  return {
    username: user.username,
    slug: post.slug,
    paths: {
      home: '/',
      post: `/p/${post.slug}`,
      editor: '/write',
      profile: `/@${user.username}`,
      search: '/search?q=birds',
    },
  };
}
