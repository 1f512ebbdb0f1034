import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '#db/client';
import { migrate } from '#db/migrate';
import { type CreatedUser, createUser } from '#test/factories';
import { type PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from '#test/private-postgres';
import { eventually, outageTestsEnabled } from '#test/private-redis';
import { type Edge, startEdge, startEdgeRedis } from '#test/workerd-edge';
import { startNeonWsProxy } from '../../tools/neon-ws-proxy/proxy';

const ready = privatePostgresAvailable() && outageTestsEnabled();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Issue 15's outages on the edge target: the Worker in workerd reaches its own PostgreSQL cluster
// through the neon WebSocket proxy and its own redis-server through Upstash REST; the drills stop,
// restart and kill them. Rate limits are on, as deployed, with room for the drills' writes.
describe.skipIf(!ready)('outages under the Worker in workerd (own PostgreSQL cluster and redis-server)', () => {
  let postgres: PrivatePostgres;
  let edge: Edge;
  let upstash: Awaited<ReturnType<typeof startEdgeRedis>>;
  let closeProxy: () => Promise<void>;
  let author: CreatedUser;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const handle = await createDb({ driver: 'pg', url: postgres.url, max: 1 });
    await migrate(handle);
    author = await createUser(handle.db);
    await handle.close();
    const neon = await startNeonWsProxy({ allow: [`127.0.0.1:${postgres.port}`] });
    closeProxy = () => neon.close();
    upstash = await startEdgeRedis();
    edge = await startEdge({
      bindings: {
        DATABASE_URL: postgres.url,
        NEON_WS_PROXY: neon.address,
        ...upstash.bindings,
        RATE_LIMITS: 'on',
        RATE_LIMIT_POST_CREATE: '1000/60',
        RATE_LIMIT_API_IP: '1000/1',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await edge?.close();
    await closeProxy?.();
    await upstash?.close();
    postgres?.destroy();
  });

  const write = async (n: number) => {
    const res = await edge.fetch('/api/posts', {
      method: 'POST',
      headers: { ...author.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Outage ${n}`, body: 'Written around an outage.', status: 'published' }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
  };

  it('answers 503 service_unavailable with Retry-After while the cluster is down, and writes again soon after', async () => {
    expect((await write(0)).status).toBe(201);
    postgres.stop();
    try {
      const down = await write(1);
      expect(down).toMatchObject({ status: 503, retryAfter: '2' });
      const body = JSON.parse(down.text);
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(body.error.code).toBe('service_unavailable');
      expect(down.text).not.toMatch(/stack|at \w+ \(|ECONNREFUSED|WebSocket/);

      const read = await edge.fetch('/api/posts?author=nobody', { headers: author.headers });
      expect(read.status).toBe(503);
      const health = await edge.fetch('/api/health');
      expect(health.status).toBe(503);
      expect(((await health.json()) as { checks: { db: string } }).checks.db).toBe('down');
    } finally {
      postgres.start();
    }
    const back = performance.now();
    let attempt = 2;
    let answer = await write(attempt);
    while (answer.status !== 201 && performance.now() - back < 10_000) {
      expect(answer.status).toBe(503);
      await sleep(100);
      answer = await write(++attempt);
    }
    const recoveredMs = Math.round(performance.now() - back);
    console.log(JSON.stringify({ drill: 'workerd postgres stop/start', recoveredMs, attempts: attempt - 1 }));
    expect(answer.status).toBe(201);
    expect(recoveredMs).toBeLessThan(3_000);
    expect((await edge.fetch('/api/health')).status).toBe(200);
  });

  it('answers every write in flight across an immediate restart with 201 or 503, never 500', async () => {
    let running = true;
    const statuses: number[] = [];
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let n = 0; running; n++) statuses.push((await write(1000 * (w + 1) + n)).status);
    });
    await sleep(500);
    postgres.restartImmediate();
    await sleep(1000);
    running = false;
    await Promise.all(writers);
    const counts = Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((t) => t === s).length]));
    console.log(JSON.stringify({ drill: 'workerd postgres restart -m immediate under writes', statuses: counts }));
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(statuses).toContain(201);
    expect((await write(9999)).status).toBe(201);
  });

  const login = () =>
    edge.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: author.user.email, password: author.password }),
    });
  const health = async () => (await edge.fetch('/api/health')).json() as Promise<{ status: string }>;

  it('while Redis is gone: login fails closed with 503, writes and signed-out reads go on; all back without a restart', async () => {
    expect((await login()).status).toBe(200);
    await upstash.redis.kill();
    try {
      const refused = await login();
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
      expect((await write(20_000)).status).toBe(201);
      const listed = await edge.fetch('/api/posts');
      expect(listed.status).toBe(200);
      const titles = ((await listed.json()) as { items: { title: string }[] }).items.map((p) => p.title);
      expect(titles).toContain('Outage 20000');
    } finally {
      await upstash.redis.start();
    }
    await eventually(async () => (await login()).status === 200);
    await eventually(async () => (await health()).status === 'ok');
  });

  it('while Redis is frozen: signed-out reads come from the database; cache and health back once it resumes', async () => {
    const signedOutRead = async () => (await edge.fetch('/api/posts')).status;
    // A hung answer counts as not healthy rather than holding the test.
    const healthWithin = (ms: number) =>
      Promise.race([health().then((h) => h.status), sleep(ms).then(() => 'no answer')]);
    upstash.redis.pause();
    try {
      expect(await signedOutRead()).toBe(200);
      // Past the probe interval: this read starts a probe Redis cannot answer before the read is done.
      await sleep(1200);
      expect(await signedOutRead()).toBe(200);
    } finally {
      upstash.redis.resume();
    }
    await eventually(async () => (await healthWithin(1500)) === 'ok');
  });
});
