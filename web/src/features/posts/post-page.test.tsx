import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '#web/lib/session';
import { aComment, aPost, me } from '#web/test/factories';
import { apiError, json, mockApi } from '#web/test/mock-api';
import { renderApp } from '#web/test/render-app';

const signIn = () => {
  const user = me();
  sessionStore.setState({ status: 'authenticated', user, accessToken: 'token' });
  return user;
};

describe('the post page', () => {
  it('shows the rendered post, its cover with alt text, reading time and threaded comments', async () => {
    sessionStore.setState({ status: 'anonymous' });
    const post = aPost({
      title: 'On gardens',
      readingTimeMinutes: 4,
      coverImage: { url: '/media/abc.png', alt: 'A walled garden', responsive: null },
    });
    const parent = aComment({ postId: post.id, body: 'First!', html: '<p>First!</p>' });
    const reply = aComment({ postId: post.id, parentId: parent.id, body: 'A reply', html: '<p>A reply</p>' });
    mockApi({
      [`GET /api/posts/${post.slug}`]: () => json({ post }),
      [`GET /api/posts/${post.slug}/comments`]: () =>
        json({ items: [{ ...parent, replies: [reply] }], nextCursor: null }),
    });
    renderApp(`/p/${post.slug}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'On gardens' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'A walled garden' })).toHaveAttribute('src', '/media/abc.png');
    expect(screen.getByText('4 min read')).toBeInTheDocument();
    expect(screen.getByText('world').tagName).toBe('STRONG');
    const firstComment = (await screen.findByText('First!')).closest('li') as HTMLElement;
    expect(within(firstComment).getByText('A reply')).toBeInTheDocument();
    const comments = screen.getByRole('region', { name: /Comments/ });
    expect(within(comments).getByRole('link', { name: 'Log in' })).toHaveAttribute(
      'href',
      `/login?next=%2Fp%2F${post.slug}`,
    );
  });

  it('shows the not-found page for a post that does not exist (or is someone else’s draft)', async () => {
    sessionStore.setState({ status: 'anonymous' });
    mockApi({ 'GET /api/posts/missing': () => apiError(404, 'not_found', 'Post not found') });
    renderApp('/p/missing');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('counts a like at once and takes it back with a toast when the server fails', async () => {
    signIn();
    const post = aPost({ likesCount: 2 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    mockApi({
      [`GET /api/posts/${post.slug}`]: () => json({ post }),
      [`GET /api/posts/${post.slug}/comments`]: () => json({ items: [], nextCursor: null }),
      [`POST /api/posts/${post.slug}/like`]: async () => {
        await gate;
        return apiError(500, 'internal', 'boom');
      },
    });
    renderApp(`/p/${post.slug}`);
    const like = await screen.findByRole('button', { name: /2 likes/ });
    fireEvent.click(like);
    await waitFor(() => expect(screen.getByTestId('likes-count')).toHaveTextContent('3'));
    expect(screen.getByRole('button', { name: /3 likes/ })).toHaveAttribute('aria-pressed', 'true');
    release();
    expect(await screen.findByText('Your like could not be saved. Please try again.')).toBeInTheDocument();
    expect(screen.getByTestId('likes-count')).toHaveTextContent('2');
  });

  it('shows a new comment at once and replaces it with the saved one', async () => {
    const user = signIn();
    const post = aPost();
    const saved = aComment({ postId: post.id, body: 'Nice post', author: user });
    mockApi({
      [`GET /api/posts/${post.slug}`]: () => json({ post }),
      [`GET /api/posts/${post.slug}/comments`]: () => json({ items: [], nextCursor: null }),
      [`POST /api/posts/${post.slug}/comments`]: () => json({ comment: { ...saved, html: '<p>Nice post</p>' } }, 201),
    });
    renderApp(`/p/${post.slug}`);
    fireEvent.change(await screen.findByLabelText('Add a comment'), { target: { value: 'Nice post' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('Nice post')).toBeInTheDocument();
    await waitFor(() => expect(document.getElementById(`comment-${saved.id}`)).not.toBeNull());
    expect(screen.getAllByText('Nice post')).toHaveLength(1);
  });

  it('removes a comment that failed to post and says so', async () => {
    signIn();
    const post = aPost();
    mockApi({
      [`GET /api/posts/${post.slug}`]: () => json({ post }),
      [`GET /api/posts/${post.slug}/comments`]: () => json({ items: [], nextCursor: null }),
      [`POST /api/posts/${post.slug}/comments`]: () => apiError(429, 'rate_limited', 'Slow down'),
    });
    renderApp(`/p/${post.slug}`);
    fireEvent.change(await screen.findByLabelText('Add a comment'), { target: { value: 'Too fast' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('Your comment could not be posted. Please try again.')).toBeInTheDocument();
    expect(screen.queryByText('Too fast')).not.toBeInTheDocument();
  });
});
