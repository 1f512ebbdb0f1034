import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '../lib/session';
import { json, mockApi } from '../test/mock-api';
import { renderApp } from '../test/render-app';

function nameTheSite(name: string) {
  const meta = document.createElement('meta');
  meta.name = 'application-name';
  meta.content = name;
  document.head.append(meta);
}

afterEach(() => {
  for (const meta of document.head.querySelectorAll('meta[name="application-name"]')) meta.remove();
});

describe('the site’s name', () => {
  it('is the one the server put in the head: in the header, the window title and feed titles', async () => {
    nameTheSite('Notes from the Hill');
    sessionStore.setState({ status: 'anonymous' });
    mockApi({ 'GET /api/tags/rust/posts': () => json({ items: [], nextCursor: null }) });
    renderApp('/t/rust');
    expect(await screen.findByRole('link', { name: 'Notes from the Hill' })).toHaveAttribute('href', '/');
    await waitFor(() => expect(document.title).toBe('#rust · Notes from the Hill'));
    const discovery = document.head.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    expect(discovery?.getAttribute('title')).toBe('#rust on Notes from the Hill');
  });

  it('is Edgepress where the shell names none (a static host, the dev server)', async () => {
    sessionStore.setState({ status: 'anonymous' });
    mockApi({ 'GET /api/posts': () => json({ items: [], nextCursor: null }) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Edgepress' })).toHaveAttribute('href', '/');
  });
});
