import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { sessionStore } from '#web/lib/session';
import type { Post } from '#web/lib/types';
import { aPost, me } from '#web/test/factories';
import { json, mockApi } from '#web/test/mock-api';
import { renderApp } from '#web/test/render-app';

function signIn() {
  const user = me();
  sessionStore.setState({ status: 'authenticated', user, accessToken: 'token' });
  return user;
}

describe('the editor', () => {
  it('autosaves a new post as a draft, then keeps saving changes to it', async () => {
    const user = signIn();
    let stored: Post | null = null;
    const { calls } = mockApi({
      'POST /api/posts': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        stored = aPost({ ...body, slug: 'my-first-post', status: 'draft', author: user });
        return json({ post: stored }, 201);
      },
      'PATCH /api/posts/my-first-post': async (request) => {
        stored = { ...(stored as Post), ...((await request.json()) as Partial<Post>) };
        return json({ post: stored });
      },
    });
    const { location } = renderApp('/write');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'My first post' } });
    await waitFor(() => expect(location().pathname).toBe('/write/my-first-post'));
    expect(screen.getByText('All changes saved')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/posts')?.body).toMatchObject({
      title: 'My first post',
      status: 'draft',
    });

    fireEvent.change(screen.getByLabelText('Body (Markdown)'), { target: { value: 'Some *text*' } });
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ body: 'Some *text*' });
    // The same editor instance survived the URL change: what was typed is still there.
    expect(screen.getByLabelText('Title')).toHaveValue('My first post');
  });

  it('previews markdown through the server’s sanitizer', async () => {
    signIn();
    mockApi({ 'POST /api/posts': () => json({ post: aPost({ status: 'draft' }) }, 201) });
    renderApp('/write');
    fireEvent.change(await screen.findByLabelText('Body (Markdown)'), {
      target: { value: '# Heading\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))' },
    });
    const preview = screen.getByRole('region', { name: 'Preview' });
    await waitFor(() => expect(preview.querySelector('h1')).toHaveTextContent('Heading'));
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.querySelector('a')?.getAttribute('href') ?? '').not.toContain('javascript');
  });

  it('offers back a local copy that never reached the server', async () => {
    const user = signIn();
    const post = aPost({ slug: 'draft-1', status: 'draft', title: 'Server title', body: 'old', author: user });
    localStorage.setItem(
      'edgepress:draft:draft-1',
      JSON.stringify({
        title: 'Server title',
        body: 'typed before the crash',
        tags: [],
        coverImage: null,
        savedAt: new Date().toISOString(),
      }),
    );
    mockApi({
      'GET /api/posts/draft-1': () => json({ post }),
      'PATCH /api/posts/draft-1': async (request) => json({ post: { ...post, ...((await request.json()) as object) } }),
    });
    renderApp('/write/draft-1');
    expect(await screen.findByLabelText('Body (Markdown)')).toHaveValue('old');
    fireEvent.click(screen.getByRole('button', { name: 'Restore it' }));
    expect(screen.getByLabelText('Body (Markdown)')).toHaveValue('typed before the crash');
    expect(screen.queryByRole('button', { name: 'Restore it' })).not.toBeInTheDocument();
  });

  it('flags what the API schema would refuse, at the field', async () => {
    signIn();
    mockApi({ 'POST /api/posts': () => json({ post: aPost({ status: 'draft' }) }, 201) });
    renderApp('/write');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'x'.repeat(201) } });
    expect(await screen.findByText('Title must be at most 200 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks before the tab closes while changes are unsaved', async () => {
    signIn();
    mockApi({ 'POST /api/posts': () => new Promise(() => {}) });
    renderApp('/write');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'Unsaved' } });
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('asks before a link leaves the editor while changes are unsaved, and stays when told to', async () => {
    signIn();
    mockApi({ 'POST /api/posts': () => new Promise(() => {}) });
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const { location } = renderApp('/write');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'Unsaved' } });
    fireEvent.click(screen.getByRole('link', { name: 'Feed' }));
    expect(confirm).toHaveBeenCalledWith('You have changes that are not saved yet. Leave anyway?');
    expect(location().pathname).toBe('/write');
    expect(screen.getByLabelText('Title')).toHaveValue('Unsaved');
    fireEvent.click(screen.getByRole('link', { name: 'Feed' }));
    await waitFor(() => expect(location().pathname).toBe('/feed'));
  });

  it('asks before going back from the editor while changes are unsaved, and stays when told to', async () => {
    signIn();
    mockApi({ 'POST /api/posts': () => new Promise(() => {}) });
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const { location } = renderApp('/feed', { browser: true });
    fireEvent.click(await screen.findByRole('link', { name: 'Write' }));
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'Unsaved' } });
    window.history.back();
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(window.location.pathname).toBe('/write'));
    expect(location().pathname).toBe('/write');
    expect(screen.getByLabelText('Title')).toHaveValue('Unsaved');
    window.history.back();
    await waitFor(() => expect(location().pathname).toBe('/feed'));
  });

  it('publishes after saving and opens the post', async () => {
    const user = signIn();
    const draft = aPost({ slug: 'ready', status: 'draft', title: 'Ready', author: user });
    const patch = vi.fn();
    mockApi({
      'GET /api/posts/ready': () => json({ post: draft }),
      'PATCH /api/posts/ready': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        patch(body);
        return json({ post: { ...draft, ...body } });
      },
      'GET /api/posts/ready/comments': () => json({ items: [], nextCursor: null }),
    });
    const { location } = renderApp('/write/ready');
    fireEvent.click(await screen.findByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(location().pathname).toBe('/p/ready'));
    expect(patch).toHaveBeenCalledWith({ status: 'published', publishAt: null, version: 1 });
  });

  it('schedules a draft for the chosen time', async () => {
    const user = signIn();
    const draft = aPost({ slug: 'later', status: 'draft', title: 'Later', author: user });
    const patch = vi.fn();
    mockApi({
      'GET /api/posts/later': () => json({ post: draft }),
      'PATCH /api/posts/later': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        patch(body);
        return json({ post: { ...draft, ...body } });
      },
    });
    renderApp('/write/later');
    fireEvent.change(await screen.findByLabelText('Publish at'), { target: { value: '2031-05-04T09:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await waitFor(() => expect(patch).toHaveBeenCalled());
    expect(patch).toHaveBeenCalledWith({
      status: 'scheduled',
      publishAt: new Date('2031-05-04T09:30').toISOString(),
      version: 1,
    });
    expect(await screen.findByText('scheduled')).toBeInTheDocument();
  });

  it('unpublishes a published post, and deletes only after confirmation', async () => {
    const user = signIn();
    const post = aPost({ slug: 'live', status: 'published', title: 'Live', author: user });
    const patch = vi.fn();
    const { calls } = mockApi({
      'GET /api/posts/live': () => json({ post }),
      'PATCH /api/posts/live': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        patch(body);
        return json({ post: { ...post, ...body } });
      },
      'DELETE /api/posts/live': () => ({ status: 204 }),
      'GET /api/posts/drafts': () => json({ items: [], nextCursor: null }),
    });
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const { location } = renderApp('/write/live');
    fireEvent.click(await screen.findByRole('button', { name: 'Unpublish' }));
    await waitFor(() => expect(patch).toHaveBeenCalledWith({ status: 'draft', publishAt: null, version: 1 }));
    expect(await screen.findByRole('button', { name: 'Publish' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(location().pathname).toBe('/drafts'));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('keeps a revision on an explicit save, and asks before publishing images without alt text', async () => {
    const user = signIn();
    const draft = aPost({ slug: 'pics', status: 'draft', title: 'Pics', body: '![](/media/a.png)', author: user });
    const patch = vi.fn();
    mockApi({
      'GET /api/posts/pics': () => json({ post: draft }),
      'PATCH /api/posts/pics': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        patch(body);
        return json({ post: { ...draft, ...body, version: draft.version + patch.mock.calls.length } });
      },
    });
    const confirm = vi.fn().mockReturnValue(false);
    vi.stubGlobal('confirm', confirm);
    renderApp('/write/pics');
    fireEvent.click(await screen.findByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(patch).toHaveBeenCalledWith({ version: 1, saveRevision: true }));
    expect(screen.getByRole('region', { name: 'Images without alt text' })).toHaveTextContent(
      'An image has no alt text',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(confirm).toHaveBeenCalledWith('An image has no alt text. Publish anyway?');
    expect(patch).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByLabelText('Alt text for image 1'), { target: { value: 'A red square' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set alt text' }));
    expect(screen.getByLabelText('Body (Markdown)')).toHaveValue('![A red square](/media/a.png)');
    expect(screen.queryByRole('region', { name: 'Images without alt text' })).toBeNull();
  });

  it('shows both versions when the post was saved elsewhere, and keeps mine on request', async () => {
    const user = signIn();
    const draft = aPost({ slug: 'shared', status: 'draft', title: 'Shared', body: 'base', author: user });
    const theirs = { ...draft, body: 'written on the phone', version: 2 };
    const patch = vi.fn();
    mockApi({
      'GET /api/posts/shared': () => json({ post: draft }),
      'PATCH /api/posts/shared': async (request) => {
        const body = (await request.json()) as Partial<Post>;
        patch(body);
        if (body.version === 1) {
          return json(
            { error: { code: 'conflict', message: 'Changed elsewhere', details: { field: 'version', post: theirs } } },
            409,
          );
        }
        return json({ post: { ...theirs, ...body, version: 3 } });
      },
    });
    renderApp('/write/shared');
    fireEvent.change(await screen.findByLabelText('Body (Markdown)'), { target: { value: 'written on the laptop' } });
    const panel = await screen.findByRole('alert', { name: 'Edit conflict' }, { timeout: 4000 });
    expect(panel).toHaveTextContent('written on the phone');
    expect(panel).toHaveTextContent('written on the laptop');
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    await waitFor(
      () =>
        expect(patch).toHaveBeenLastCalledWith(expect.objectContaining({ body: 'written on the laptop', version: 2 })),
      {
        timeout: 4000,
      },
    );
    expect(screen.queryByRole('alert', { name: 'Edit conflict' })).toBeNull();
  });
});
