// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { render } from './entry-server';
import { aPost } from './test/factories';
import { json, mockApi } from './test/mock-api';

describe('server rendering', () => {
  it('renders a reader page with its data prefetched and hands the cache over as inert JSON', async () => {
    const post = aPost({ title: 'Rendered </script> on the server' });
    const { calls } = mockApi({ 'GET /api/posts': () => json({ items: [post], nextCursor: null }) });
    const result = await render(new Request('http://reader.test/'), 'http://api.test');
    expect(result.status).toBe(200);
    expect(result.html).toContain('Rendered &lt;/script&gt; on the server');
    expect(calls[0]?.path).toBe('/api/posts?sort=latest&limit=20');
    expect(result.data).not.toContain('</script>');
    expect(JSON.parse(result.data).queries[0].state.data.pages[0].items[0].title).toBe(post.title);
  });

  it('renders the post page from its slug', async () => {
    const post = aPost({ slug: 'hello', title: 'Hello from the edge' });
    mockApi({
      'GET /api/posts/hello': () => json({ post }),
      'GET /api/posts/hello/comments': () => json({ items: [], nextCursor: null }),
    });
    const result = await render(new Request('http://reader.test/p/hello'), 'http://api.test');
    expect(result.html).toContain('<h1>Hello from the edge</h1>');
  });
});
