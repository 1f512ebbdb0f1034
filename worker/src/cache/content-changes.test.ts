import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createAdmin, createUser } from '#test/factories';
import { call, createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { signedProviderEvent } from '../../../tools/mail-api-standin/provider-events';
import { noCache } from '../adapters/shared/noop';
import { type App, createApp } from '../app';
import type { Deps, Mailer, MailMessage } from '../ports';
import { unsubscribeToken } from '../services/mail/unsubscribe-token';

/**
 * Every write route, run once against an app whose public answers are cached: afterwards an
 * anonymous reader must see exactly what the database holds. A write that changes public content
 * without announcing it (ports.ts `ContentChanges`) leaves a stale cached answer and fails here; a
 * new write route fails until it has a scenario below.
 */
const webhookSecret = 'whsec_dGVzdC1tYWlsLXdlYmhvb2stc2VjcmV0LTAwMDAwMA==';
const withWebhook = { ...testConfig, mail: { ...testConfig.mail, webhookSecret } };

describe('every write route retires the public answers it changes', () => {
  let handle: DbHandle;
  let cachedApp: App;
  let truth: App;
  let author: CreatedUser;
  let reader: CreatedUser;
  let admin: CreatedUser;
  let deps: Deps;
  const mailed: MailMessage[] = [];
  const recordingMailer: Mailer = {
    name: 'recording',
    async send(message) {
      mailed.push(message);
      return { status: 'sent' };
    },
  };

  interface Target {
    slug: string;
    commentId: string;
    /** Someone of their own, for the writes that sign a user out for good (password, suspension). */
    other: CreatedUser;
  }

  const json = async (res: Response) => (await res.json()) as Record<string, never>;
  const as = (user: CreatedUser, method: string, path: string, body?: unknown) =>
    call(cachedApp, method, path, user, body);

  /** A fresh published post with a comment, and a user, so every scenario has something of its own. */
  async function arrange(): Promise<Target> {
    const other = await createUser(handle.db);
    const post = await createTestPost(cachedApp, author, { tags: ['changes'] });
    const comment = await json(await as(other, 'POST', `/api/posts/${post.slug}/comments`, { body: 'Hi' }));
    return { slug: post.slug, commentId: (comment.comment as unknown as { id: string }).id, other };
  }

  const login = async (user: CreatedUser) =>
    json(
      await call(cachedApp, 'POST', '/api/auth/login', undefined, { email: user.user.email, password: user.password }),
    );

  const upload = () => {
    const form = new FormData();
    const png = readFileSync(new URL('../services/media/fixtures/text-chunks.png', import.meta.url));
    form.append('file', new File([png], 'cover.png', { type: 'image/png' }));
    return cachedApp.request('/api/media', { method: 'POST', body: form, headers: author.headers });
  };

  /** Preview links exist for drafts only: the post goes back to draft, and readers' copies are warmed again. */
  async function backToDraft(t: Target) {
    await as(author, 'PATCH', `/api/posts/${t.slug}`, { status: 'draft' });
    await warm(t);
  }

  /** The token of the newest mailed link to `to` whose path starts with `path`. */
  async function mailedToken(to: string, path: string): Promise<string> {
    await deps.mail.settled();
    const link = mailed
      .filter((m) => m.to === to && m.actionUrl?.includes(path))
      .map((m) => new URL(m.actionUrl ?? ''))
      .at(-1);
    return link?.searchParams.get('token') ?? '';
  }

  const resetTo = async (user: CreatedUser) => {
    await call(cachedApp, 'POST', '/api/auth/password-reset', undefined, { email: user.user.email });
    return mailedToken(user.user.email, '/reset-password');
  };

  /** Moves `user` to a new address and returns it; the old address gets the undo link. */
  async function changeAddress(user: CreatedUser): Promise<string> {
    const email = `moved-${user.user.username}@example.test`;
    await as(user, 'PATCH', '/api/users/me', { email, currentPassword: user.password });
    await call(cachedApp, 'POST', '/api/auth/email-change/confirm', undefined, {
      token: await mailedToken(email, '/confirm-email'),
    });
    return email;
  }

  const scenarios: Record<string, (t: Target) => Response | Promise<Response>> = {
    'POST /api/auth/register': () =>
      call(cachedApp, 'POST', '/api/auth/register', undefined, {
        email: 'newcomer@example.test',
        username: 'newcomer',
        password: 'a-long-enough-password',
      }),
    'POST /api/auth/login': () =>
      call(cachedApp, 'POST', '/api/auth/login', undefined, { email: reader.user.email, password: reader.password }),
    'POST /api/auth/refresh': async () =>
      call(cachedApp, 'POST', '/api/auth/refresh', undefined, { refreshToken: (await login(reader)).refreshToken }),
    'POST /api/auth/logout': async () =>
      call(cachedApp, 'POST', '/api/auth/logout', undefined, { refreshToken: (await login(reader)).refreshToken }),
    'PATCH /api/users/me': () => as(author, 'PATCH', '/api/users/me', { displayName: 'Renamed author' }),
    'POST /api/users/me/password': (t) =>
      as(t.other, 'POST', '/api/users/me/password', {
        currentPassword: t.other.password,
        newPassword: 'another-long-password-1',
      }),
    'POST /api/users/:username/follow': () => as(reader, 'POST', `/api/users/${author.user.username}/follow`),
    'DELETE /api/users/:username/follow': () => as(reader, 'DELETE', `/api/users/${author.user.username}/follow`),
    'POST /api/posts': () => as(author, 'POST', '/api/posts', { title: 'Brand new', body: 'Text', tags: ['changes'] }),
    'PATCH /api/posts/:slug': (t) => as(author, 'PATCH', `/api/posts/${t.slug}`, { title: 'Edited title' }),
    'DELETE /api/posts/:slug': (t) => as(author, 'DELETE', `/api/posts/${t.slug}`),
    'POST /api/posts/:slug/revisions/:id/restore': async (t) => {
      await as(author, 'PATCH', `/api/posts/${t.slug}`, { title: 'Title to take back' });
      await warm(t);
      const { items } = await json(await as(author, 'GET', `/api/posts/${t.slug}/revisions`));
      const first = (items as unknown as { id: string }[]).at(-1)?.id;
      return as(author, 'POST', `/api/posts/${t.slug}/revisions/${first}/restore`);
    },
    'POST /api/posts/:slug/preview-link': async (t) => {
      await backToDraft(t);
      return as(author, 'POST', `/api/posts/${t.slug}/preview-link`);
    },
    'DELETE /api/posts/:slug/preview-link': async (t) => {
      await backToDraft(t);
      await as(author, 'POST', `/api/posts/${t.slug}/preview-link`);
      return as(author, 'DELETE', `/api/posts/${t.slug}/preview-link`);
    },
    'POST /api/posts/:slug/like': (t) => as(reader, 'POST', `/api/posts/${t.slug}/like`),
    'DELETE /api/posts/:slug/like': async (t) => {
      await as(reader, 'POST', `/api/posts/${t.slug}/like`);
      await warm(t);
      return as(reader, 'DELETE', `/api/posts/${t.slug}/like`);
    },
    'POST /api/posts/:slug/comments': (t) => as(reader, 'POST', `/api/posts/${t.slug}/comments`, { body: 'More' }),
    'PATCH /api/comments/:id': (t) => as(t.other, 'PATCH', `/api/comments/${t.commentId}`, { body: 'Edited' }),
    'DELETE /api/comments/:id': (t) => as(t.other, 'DELETE', `/api/comments/${t.commentId}`),
    'POST /api/notifications/read-all': () => as(author, 'POST', '/api/notifications/read-all'),
    'POST /api/notifications/:id/read': async () => {
      const { items } = await json(await as(author, 'GET', '/api/notifications'));
      return as(author, 'POST', `/api/notifications/${(items as unknown as { id: string }[])[0]?.id}/read`);
    },
    'POST /api/realtime/ticket': () => as(reader, 'POST', '/api/realtime/ticket', { room: `user/${reader.user.id}` }),
    'POST /api/admin/users/:username/suspend': (t) =>
      as(admin, 'POST', `/api/admin/users/${t.other.user.username}/suspend`),
    'POST /api/admin/users/:username/unsuspend': async (t) => {
      await as(admin, 'POST', `/api/admin/users/${t.other.user.username}/suspend`);
      await warm(t);
      return as(admin, 'POST', `/api/admin/users/${t.other.user.username}/unsuspend`);
    },
    'POST /api/media': upload,
    'POST /api/auth/logout-all': (t) => as(t.other, 'POST', '/api/auth/logout-all'),
    'POST /api/auth/password-reset': (t) =>
      call(cachedApp, 'POST', '/api/auth/password-reset', undefined, { email: t.other.user.email }),
    'POST /api/auth/password-reset/confirm': async (t) =>
      call(cachedApp, 'POST', '/api/auth/password-reset/confirm', undefined, {
        token: await resetTo(t.other),
        password: 'a-brand-new-long-password',
      }),
    'POST /api/auth/verify-email/resend': (t) => as(t.other, 'POST', '/api/auth/verify-email/resend'),
    'POST /api/auth/verify-email': async (t) => {
      await as(t.other, 'POST', '/api/auth/verify-email/resend');
      const token = await mailedToken(t.other.user.email, '/verify-email');
      return call(cachedApp, 'POST', '/api/auth/verify-email', undefined, { token });
    },
    'POST /api/auth/email-change/confirm': async (t) => {
      const email = `confirmed-${t.other.user.username}@example.test`;
      await as(t.other, 'PATCH', '/api/users/me', { email, currentPassword: t.other.password });
      const token = await mailedToken(email, '/confirm-email');
      return call(cachedApp, 'POST', '/api/auth/email-change/confirm', undefined, { token });
    },
    'POST /api/auth/email-change/undo': async (t) => {
      await changeAddress(t.other);
      const token = await mailedToken(t.other.user.email, '/undo-email-change');
      return call(cachedApp, 'POST', '/api/auth/email-change/undo', undefined, { token });
    },
    'PUT /api/users/me/email-preferences': (t) =>
      as(t.other, 'PUT', '/api/users/me/email-preferences', { replies: 'off', comments: 'daily' }),
    'POST /api/mail/events': (t) => {
      const to = [t.other.user.email];
      const event = signedProviderEvent(
        { id: crypto.randomUUID(), from: 'a@b.test', to, subject: 's' },
        'email.bounced',
        webhookSecret,
      );
      return cachedApp.request('/api/mail/events', { method: 'POST', headers: event.headers, body: event.body });
    },
    'POST /api/unsubscribe': async (t) =>
      cachedApp.request(`/api/unsubscribe?token=${await unsubscribeToken(deps.config, t.other.user.id, 'all')}`, {
        method: 'POST',
      }),
    'DELETE /api/users/me': (t) => as(t.other, 'DELETE', '/api/users/me', { currentPassword: t.other.password }),
  };

  const publicPaths = (t: Target) => [
    '/api/posts',
    `/api/posts?author=${author.user.username}`,
    `/api/posts/${t.slug}`,
    `/api/posts/${t.slug}/comments`,
    '/api/tags',
    '/api/tags/changes/posts',
    `/api/users/${author.user.username}`,
    `/api/users/${reader.user.username}`,
    `/api/users/${t.other.user.username}`,
    `/api/posts?author=${t.other.user.username}`,
    '/api/atom/posts',
    '/sitemap.xml',
  ];
  const read = async (app: App, path: string) => {
    const res = await app.request(path);
    // Error bodies name their request; everything else must match to the byte.
    return { status: res.status, body: (await res.text()).replace(/"requestId":"[^"]*"/, '') };
  };
  /** Fills the cache with what anonymous readers see now. */
  async function warm(t: Target) {
    for (const path of publicPaths(t)) await read(cachedApp, path);
  }

  beforeAll(async () => {
    handle = await createPgliteDatabase();
    deps = await createTestDeps(handle.db, { mailer: recordingMailer, config: withWebhook });
    cachedApp = createApp(deps);
    truth = createApp(await createTestDeps(handle.db, { cache: noCache, mailer: recordingMailer }));
    author = await createUser(handle.db);
    reader = await createUser(handle.db);
    admin = await createAdmin(handle.db);
  });
  afterAll(() => handle.close());

  it('has a scenario for every write route of the app', () => {
    const writes = new Set(
      cachedApp.routes.filter((r) => !['GET', 'ALL'].includes(r.method)).map((r) => `${r.method} ${r.path}`),
    );
    expect([...writes].sort()).toEqual(Object.keys(scenarios).sort());
  });

  it.each(Object.keys(scenarios))('%s leaves no stale public answer', async (route) => {
    const target = await arrange();
    await warm(target);
    const res = await scenarios[route]!(target);
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    for (const path of publicPaths(target)) {
      expect(await read(cachedApp, path), path).toEqual(await read(truth, path));
    }
  });
});
