import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '#web/lib/session';
import { aPost } from '#web/test/factories';
import { json, mockApi } from '#web/test/mock-api';
import { renderApp } from '#web/test/render-app';

describe('the tag page', () => {
  it('lists the tag’s posts and points browsers and readers at its Atom feed', async () => {
    sessionStore.setState({ status: 'anonymous' });
    const post = aPost({ title: 'Tagged post' });
    const { calls } = mockApi({ 'GET /api/tags/rust/posts': () => json({ items: [post], nextCursor: null }) });
    renderApp('/t/rust');
    expect(await screen.findByRole('link', { name: 'Tagged post' })).toHaveAttribute('href', `/p/${post.slug}`);
    expect(screen.getByRole('link', { name: 'Subscribe via Atom' })).toHaveAttribute('href', '/api/atom/tags/rust');
    const discovery = document.head.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    expect(discovery?.getAttribute('href')).toBe('/api/atom/tags/rust');
    expect(discovery?.getAttribute('title')).toBe('#rust on Edgepress');
    expect(calls[0]?.path).toContain('/api/tags/rust/posts');
  });
});
