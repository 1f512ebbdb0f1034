import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '#web/lib/session';
import { me } from '#web/test/factories';
import { apiError, json, mockApi } from '#web/test/mock-api';
import { renderApp } from '#web/test/render-app';

async function fill(label: string, value: string) {
  fireEvent.change(await screen.findByLabelText(label), { target: { value } });
}

describe('log in', () => {
  it('signs in and returns to the page named by ?next=', async () => {
    const user = me();
    mockApi({
      'POST /api/auth/login': () => json({ user, accessToken: 'a', refreshToken: 'r' }),
      'GET /api/posts/drafts': () => json({ items: [], nextCursor: null }),
    });
    sessionStore.setState({ status: 'anonymous' });
    const { location } = renderApp('/login?next=/drafts');
    await fill('Email', user.email);
    await fill('Password', 'correct horse');
    fireEvent.click(await screen.findByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(location().pathname).toBe('/drafts'));
    expect(sessionStore.getState()).toMatchObject({ status: 'authenticated', accessToken: 'a' });
  });

  it('shows a refused login as a message the screen reader announces', async () => {
    mockApi({ 'POST /api/auth/login': () => apiError(401, 'invalid_credentials', 'Wrong email or password') });
    sessionStore.setState({ status: 'anonymous' });
    renderApp('/login');
    await fill('Email', 'a@example.com');
    await fill('Password', 'nope');
    fireEvent.click(await screen.findByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Wrong email or password')).toHaveAttribute('role', 'alert');
  });

  it('refuses an offsite ?next= and goes home instead', async () => {
    mockApi({
      'POST /api/auth/login': () => json({ user: me(), accessToken: 'a', refreshToken: 'r' }),
      'GET /api/posts': () => json({ items: [], nextCursor: null }),
    });
    sessionStore.setState({ status: 'anonymous' });
    const { location } = renderApp('/login?next=//evil.example');
    await fill('Email', 'a@example.com');
    await fill('Password', 'pw');
    fireEvent.click(await screen.findByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(location().pathname).toBe('/'));
  });
});

describe('register', () => {
  it('checks the form with the API schema before sending anything', async () => {
    const { calls } = mockApi({});
    sessionStore.setState({ status: 'anonymous' });
    renderApp('/register');
    await fill('Email', 'not-an-email');
    await fill('Username', 'admin');
    await fill('Password', 'short');
    fireEvent.click(await screen.findByRole('button', { name: 'Create account' }));
    const username = screen.getByLabelText('Username');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(await screen.findByText('This username is reserved')).toBeInTheDocument();
    expect(screen.getByText('Password must be at least 8 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter a valid email address');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the server’s 409 and 422 answers at their fields', async () => {
    mockApi({
      'POST /api/auth/register': () => apiError(409, 'conflict', 'That username is taken', { field: 'username' }),
    });
    sessionStore.setState({ status: 'anonymous' });
    renderApp('/register');
    await fill('Email', 'ada@example.com');
    await fill('Username', 'ada');
    await fill('Password', 'long enough password');
    fireEvent.click(await screen.findByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('That username is taken')).toBeInTheDocument();
    expect(screen.getByLabelText('Username', { exact: false })).toHaveAttribute('aria-invalid', 'true');
  });
});
