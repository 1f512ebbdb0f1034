import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '#web/lib/session';
import { aPost } from '#web/test/factories';
import { apiError, json, mockApi } from '#web/test/mock-api';
import { renderApp } from '#web/test/render-app';

describe('the home page', () => {
  it('loads the next page of posts from the cursor', async () => {
    sessionStore.setState({ status: 'anonymous' });
    const first = aPost({ title: 'First page post' });
    const second = aPost({ title: 'Second page post' });
    const { calls } = mockApi({
      'GET /api/posts': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'c1'
          ? json({ items: [second], nextCursor: null })
          : json({ items: [first], nextCursor: 'c1' }),
    });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'First page post' })).toHaveAttribute('href', `/p/${first.slug}`);
    fireEvent.click(screen.getByRole('link', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'Second page post' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Next page' })).not.toBeInTheDocument();
    expect(calls.map((c) => c.path)).toEqual([
      '/api/posts?sort=latest&limit=20',
      '/api/posts?sort=latest&cursor=c1&limit=20',
    ]);
  });

  it('asks for the top posts on the Top tab', async () => {
    sessionStore.setState({ status: 'anonymous' });
    const { calls } = mockApi({ 'GET /api/posts': () => json({ items: [], nextCursor: null }) });
    renderApp('/?sort=top');
    expect(await screen.findByText('Nothing here yet')).toBeInTheDocument();
    expect(calls[0]?.path).toContain('sort=top');
    expect(screen.getByRole('tab', { name: 'Top' })).toHaveAttribute('aria-selected', 'true');
  });

  it('offers a retry when the list fails to load', async () => {
    sessionStore.setState({ status: 'anonymous' });
    let fail = true;
    mockApi({
      'GET /api/posts': () =>
        fail
          ? apiError(503, 'service_unavailable', 'Down for a moment')
          : json({ items: [aPost({ title: 'Back' })], nextCursor: null }),
    });
    renderApp('/');
    expect(await screen.findByText('Down for a moment')).toBeInTheDocument();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Back' })).toBeInTheDocument();
  });
});

describe('routing', () => {
  it('shows the not-found page at an unknown address', async () => {
    sessionStore.setState({ status: 'anonymous' });
    mockApi({});
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('sends a signed-out visitor from a private page to log in and back', async () => {
    sessionStore.setState({ status: 'anonymous' });
    mockApi({});
    const { location } = renderApp('/drafts');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(location().search).toBe('?next=%2Fdrafts');
  });
});
