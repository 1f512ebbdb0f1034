import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '#test/factories';
import { call, createTestPost, createUser, postsApp } from '#test/post-factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';

const someId = '00000000-0000-4000-8000-000000000001';
const base64url = (text: string) => btoa(text).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
/** A post-list cursor: base64url of a JSON [key, id]. */
const listCursor = (key: string) => base64url(JSON.stringify([key, someId]));
/** A comment or notification cursor: base64url of `timestamp|id`. */
const keysetCursor = (at: string) => base64url(`${at}|${someId}`);

// Each of these reached PostgreSQL and came back as a 500 (issue: "bad input reaches the database").
describe.skipIf(!(await postgresAvailable()))('bad input stops before the database (Postgres)', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof postsApp>>;
  let writer: CreatedUser;
  let slug: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await postsApp(database.handle.db);
    writer = await createUser(database.handle.db);
    slug = (await createTestPost(ctx.app, writer)).slug;
  });
  afterAll(() => database.drop());

  const expect422 = async (res: Response, field: string) => {
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: Record<string, string[]> } };
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.details)).toContain(field);
  };

  it('refuses a NUL character in any JSON string with 422 naming the field', async () => {
    await expect422(await call(ctx.app, 'PATCH', '/api/users/me', writer, { displayName: 'a\u0000b' }), 'displayName');
    await expect422(await call(ctx.app, 'PATCH', '/api/users/me', writer, { bio: 'x\u0000' }), 'bio');
    await expect422(
      await call(ctx.app, 'POST', `/api/posts/${slug}/comments`, writer, { body: 'hi\u0000there' }),
      'body',
    );
    await expect422(
      await call(ctx.app, 'POST', '/api/auth/login', undefined, { email: 'a\u0000@b.c', password: 'whatever-1' }),
      'email',
    );
    await expect422(
      await call(ctx.app, 'POST', '/api/posts', writer, {
        title: 't',
        body: 'b',
        status: 'draft',
        tags: ['ok', 'n\u0000'],
      }),
      'tags.1',
    );
  });

  it('refuses cursors that decode to impossible times or numbers with 422 on cursor', async () => {
    const impossible = ['2026-02-30T25:61:61.000000Z', '0000-00-00T00:00:00.000000Z', '2026-13-01T00:00:00.000000Z'];
    for (const at of impossible) {
      await expect422(await call(ctx.app, 'GET', `/api/posts?cursor=${listCursor(at)}`), 'cursor');
      await expect422(await call(ctx.app, 'GET', `/api/posts/${slug}/comments?cursor=${keysetCursor(at)}`), 'cursor');
      await expect422(await call(ctx.app, 'GET', `/api/notifications?cursor=${keysetCursor(at)}`, writer), 'cursor');
      await expect422(await call(ctx.app, 'GET', `/api/feed?cursor=${listCursor(at)}`, writer), 'cursor');
    }
    await expect422(await call(ctx.app, 'GET', `/api/search?q=post&cursor=${listCursor('1e999999')}`), 'cursor');
    await expect422(await call(ctx.app, 'GET', `/api/search?q=post&cursor=${listCursor('1e-99')}`), 'cursor');
    await expect422(await call(ctx.app, 'GET', `/api/posts?sort=top&cursor=${listCursor('9999999999')}`), 'cursor');
  });

  it('refuses a publishAt PostgreSQL cannot store, and still publishes a storable past one at once', async () => {
    const draft = { title: 'Later', body: 'b', status: 'scheduled' };
    await expect422(
      await call(ctx.app, 'POST', '/api/posts', writer, { ...draft, publishAt: '0000-01-01T00:00:00Z' }),
      'publishAt',
    );
    await expect422(
      await call(ctx.app, 'POST', '/api/posts', writer, { ...draft, publishAt: '2026-02-30T10:00:00Z' }),
      'publishAt',
    );
    const past = await call(ctx.app, 'POST', '/api/posts', writer, { ...draft, publishAt: '1999-01-01T00:00:00Z' });
    expect(past.status).toBe(201);
    expect(((await past.json()) as { post: { status: string } }).post.status).toBe('published');
  });

  it('refuses bidi overrides and zero-width characters in a title, username, display name or tag', async () => {
    const post = (extra: object) =>
      call(ctx.app, 'POST', '/api/posts', writer, { body: 'b', status: 'draft', ...extra });
    await expect422(await post({ title: 'Invoice \u202Efdp.exe' }), 'title');
    await expect422(await post({ title: 'pay\u200Bpal' }), 'title');
    await expect422(await post({ title: 'ok', tags: ['ne\u2066ws'] }), 'tags.0');
    await expect422(
      await call(ctx.app, 'PATCH', '/api/users/me', writer, { displayName: 'admin\u202E' }),
      'displayName',
    );
    await expect422(
      await call(ctx.app, 'PATCH', '/api/users/me', writer, { displayName: 'ad\uFEFFmin' }),
      'displayName',
    );
    for (const username of ['ad\u202Emin', 'pay\u200Bpal', 'ne\u2066ws'])
      await expect422(
        await call(ctx.app, 'POST', '/api/auth/register', undefined, {
          email: `${username.length}-${Math.random()}@example.test`,
          username,
          password: 'a long passphrase 42',
        }),
        'username',
      );
    // Scripts and emoji that need joiners are still fine.
    const joined = await call(ctx.app, 'PATCH', '/api/users/me', writer, { displayName: 'می‌خواهم 👩‍💻' });
    expect(joined.status).toBe(200);
  });

  it('answers email preferences that name no field with what is saved, not 500 (found by the OpenAPI property test)', async () => {
    const saved = await (await call(ctx.app, 'GET', '/api/users/me/email-preferences', writer)).json();
    const res = await call(ctx.app, 'PUT', '/api/users/me/email-preferences', writer, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(saved);
  });
});
