import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '#worker/entry.workers';
import { bearer, call, post, register } from './worker-client';

const available = inject('databaseUrl') !== '';

interface PostBody {
  post: { id: string; slug: string; status: string; publishedAt: string | null };
}

interface RoomDelivery {
  room: string;
  authorized: boolean;
  event: { type: string };
}

describe.skipIf(!available)('the cron trigger inside workerd', () => {
  let accessToken: string;

  beforeAll(async () => {
    // The first request loads the whole module graph through Vite, which takes seconds on a small machine.
    await call('/api/health');
    accessToken = (await register('cron_author')).accessToken;
  }, 120_000);

  it('publishes a scheduled post once its time has come', async () => {
    const publishAt = new Date(Date.now() + 1500).toISOString();
    const created = await post(
      '/api/posts',
      { title: 'Written for later', body: 'Out on the next cron tick.', status: 'scheduled', publishAt },
      bearer(accessToken),
    );
    expect(created.status).toBe(201);
    const { id, slug } = (await created.json<PostBody>()).post;
    expect((await call(`/api/posts/${slug}`)).status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, 2000));
    const ctx = createExecutionContext();
    await worker.scheduled?.(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const read = await call(`/api/posts/${slug}`);
    expect(read.status).toBe(200);
    expect((await read.json<PostBody>()).post.status).toBe('published');

    const received = await (await fetch(`${inject('realtimeUrl')}/received`)).json<RoomDelivery[]>();
    expect(received).toContainEqual(
      expect.objectContaining({
        room: `post/${id}`,
        authorized: true,
        event: expect.objectContaining({ type: 'post.updated' }),
      }),
    );
  });
});
