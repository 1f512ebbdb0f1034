// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { render } from './entry-server';
import type { Page, Post } from './lib/types';
import type { ReaderSource } from './render-contract';
import { aPost } from './test/factories';

const notFound = () => Promise.reject(new Error('not found'));
const emptyPage = { items: [], nextCursor: null };

/** Reader data as the server's services would hand it over, recording what the page asked for. */
function sourceOf(data: { posts?: (cursor: string | null) => Page<Post>; post?: Post }) {
  const asked: string[] = [];
  const source: ReaderSource = {
    posts: async (filter, cursor) => {
      asked.push(`posts ${JSON.stringify(filter)} ${cursor}`);
      return data.posts?.(cursor) ?? emptyPage;
    },
    post: (slug) => (data.post?.slug === slug ? Promise.resolve(data.post) : notFound()),
    comments: async () => emptyPage,
    user: notFound,
    search: async () => emptyPage,
  };
  return { source, asked };
}

describe('server rendering', () => {
  it('renders the home page from the reader source and hands the cache over as inert JSON', async () => {
    const post = aPost({ title: 'Rendered </script> on the server' });
    const { source, asked } = sourceOf({ posts: () => ({ items: [post], nextCursor: null }) });
    const result = await render({ request: new Request('http://reader.test/'), source, siteName: 'My blog' });
    expect(result.html).toContain('Rendered &lt;/script&gt; on the server');
    expect(result.html).toContain('My blog');
    expect(asked).toEqual(['posts {"sort":"latest"} null']);
    expect(result.data).not.toContain('</script>');
    expect(JSON.parse(result.data).queries[0].state.data.pages[0].items[0].title).toBe(post.title);
  });

  it('links to the next page with ?cursor= and renders a page opened from such a link', async () => {
    const first = aPost({ title: 'Newest' });
    const older = aPost({ title: 'Older' });
    const { source, asked } = sourceOf({
      posts: (cursor) =>
        cursor === 'c1' ? { items: [older], nextCursor: null } : { items: [first], nextCursor: 'c1' },
    });
    const home = await render({ request: new Request('http://reader.test/?sort=top'), source, siteName: 'x' });
    expect(home.html).toContain('href="/?sort=top&amp;cursor=c1"');
    const next = await render({
      request: new Request('http://reader.test/?sort=top&cursor=c1'),
      source,
      siteName: 'x',
    });
    expect(next.html).toContain('Older');
    expect(next.html).not.toContain('Newest');
    expect(asked.at(-1)).toBe('posts {"sort":"top"} c1');
  });

  it('renders the whole article of a post page', async () => {
    const post = aPost({ slug: 'hello', title: 'Hello from the edge', html: '<p>Every word of it.</p>' });
    const { source } = sourceOf({ post });
    const result = await render({ request: new Request('http://reader.test/p/hello'), source, siteName: 'x' });
    expect(result.html).toContain('<h1>Hello from the edge</h1>');
    expect(result.html).toContain('<p>Every word of it.</p>');
  });
});
