import { describe, expect, it } from 'vitest';
import { me } from '../test/factories';
import { apiError, json, mockApi } from '../test/mock-api';
import { rpc, unwrap } from './api-client';
import { ApiError } from './api-error';
import { sessionStore } from './session';

describe('api calls', () => {
  it('refreshes once on a 401 and replays the request with the new token', async () => {
    sessionStore.setState({ status: 'authenticated', user: me(), accessToken: 'expired' });
    // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API
    document.cookie = 'signed_in=1';
    const { calls } = mockApi({
      'GET /api/notifications/unread-count': (request) =>
        request.headers.get('authorization') === 'Bearer fresh'
          ? json({ count: 3 })
          : apiError(401, 'token_expired', 'Token expired'),
      'POST /api/auth/refresh': () => json({ accessToken: 'fresh', refreshToken: 'r' }),
    });
    await expect(unwrap(rpc().api.notifications['unread-count'].$get())).resolves.toEqual({ count: 3 });
    expect(calls.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      'GET /api/notifications/unread-count Bearer expired',
      'POST /api/auth/refresh null',
      'GET /api/notifications/unread-count Bearer fresh',
    ]);
  });

  it('turns the contract error body into an ApiError with per-field messages', async () => {
    mockApi({
      'POST /api/posts': () =>
        apiError(422, 'validation_failed', 'Validation failed', { title: ['Title cannot be empty'] }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: an invalid body on purpose, to see the server's refusal
    const invalid = { title: '' } as any;
    const error = await unwrap(rpc().api.posts.$post({ json: invalid })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors).toEqual({ title: ['Title cannot be empty'] });
  });

  it('maps a 409 conflict to the field it names', () => {
    const error = new ApiError(409, 'conflict', 'That username is taken', { field: 'username' });
    expect(error.fieldErrors).toEqual({ username: ['That username is taken'] });
  });
});
