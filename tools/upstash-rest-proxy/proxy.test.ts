import { spawn } from 'node:child_process';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createRedisCache } from '#worker/adapters/redis/redis-cache';
import { createRedisRateLimiter } from '#worker/adapters/redis/redis-rate-limiter';
import { createUpstashRedis } from '#worker/adapters/redis/upstash-rest';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { defaultRateLimitPolicies } from '#worker/rate-limit-policies';
import { createUpstashRestProxy } from './server';

const available = await redisAvailable();
const prefix = `ep-test:proxy:${process.pid}:${Date.now()}:`;
const token = 'local-test-token';

describe.skipIf(!available)('the Upstash REST proxy, driven by @upstash/redis', () => {
  let proxy: ReturnType<typeof createUpstashRestProxy>;
  let url: string;
  let raw: IoRedis;
  const client = (options: { responseEncoding?: false | 'base64'; token?: string } = {}) =>
    new Redis({ url, token: options.token ?? token, responseEncoding: options.responseEncoding, retry: false });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    proxy = createUpstashRestProxy({ redisUrl: redisUrl, token });
    const address = await proxy.listen(0);
    url = `http://127.0.0.1:${address.port}`;
    raw = new IoRedis(redisUrl);
  });
  afterAll(async () => {
    raw.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
    await proxy.close();
  });

  it('refuses a wrong or missing token with 401 { error }', async () => {
    await expect(client({ token: 'wrong' }).get(`${prefix}x`)).rejects.toThrow(/Unauthorized/);
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(['PING']) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  it('runs single commands with and without base64 response encoding', async () => {
    const value = { title: 'Grüße 🚀', n: 1 };
    for (const responseEncoding of ['base64', false] as const) {
      const redis = client({ responseEncoding });
      await redis.set(`${prefix}obj`, value, { ex: 60 });
      expect(await redis.get(`${prefix}obj`)).toEqual(value);
      expect(await redis.incr(`${prefix}n:${responseEncoding}`)).toBe(1);
      expect(await redis.get(`${prefix}nothing`)).toBeNull();
    }
    expect(await raw.get(`${prefix}obj`)).toBe(JSON.stringify(value));
  });

  it('encodes every string of a reply in base64 when asked, and leaves numbers alone', async () => {
    await raw.del(`${prefix}list`);
    await raw.rpush(`${prefix}list`, 'é', 'b');
    const encoded = await post('/', ['LRANGE', `${prefix}list`, '0', '-1'], { 'Upstash-Encoding': 'base64' });
    expect(await encoded.json()).toEqual({ result: [Buffer.from('é').toString('base64'), 'Yg=='] });
    const plain = await post('/', ['LLEN', `${prefix}list`], { 'Upstash-Encoding': 'base64' });
    expect(await plain.json()).toEqual({ result: 2 });
  });

  it('answers Redis errors in Upstash shape: 400 { error } for a command, entries in a pipeline', async () => {
    await raw.set(`${prefix}str`, 'text');
    const single = await post('/', ['INCR', `${prefix}str`]);
    expect(single.status).toBe(400);
    expect((await single.json()).error).toMatch(/not an integer/);
    const piped = await post('/pipeline', [
      ['INCR', `${prefix}str`],
      ['GET', `${prefix}str`],
    ]);
    expect(piped.status).toBe(200);
    const entries = await piped.json();
    expect(entries[0].error).toMatch(/not an integer/);
    expect(entries[1]).toEqual({ result: 'text' });
    const bad = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty('error');
  });

  it('runs /pipeline and /multi-exec through the client', async () => {
    const redis = client();
    const piped = await redis.pipeline().set(`${prefix}p`, 'a').get(`${prefix}p`).del(`${prefix}p`).exec();
    expect(piped).toEqual(['OK', 'a', 1]);
    const tx = await redis.multi().incr(`${prefix}tx`).incr(`${prefix}tx`).get(`${prefix}tx`).exec();
    expect(tx).toEqual([1, 2, 2]);
  });

  it('refuses a transaction Redis aborts as a whole', async () => {
    const res = await post('/multi-exec', [['SET', `${prefix}m`, '1'], ['NOSUCHCOMMAND']]);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/EXECABORT|unknown command/i);
    expect(await raw.get(`${prefix}m`)).toBeNull();
  });

  it('serves path-style commands', async () => {
    await raw.set(`${prefix}path`, 'v');
    const res = await fetch(`${url}/get/${encodeURIComponent(`${prefix}path`)}?_token=${token}`);
    expect(await res.json()).toEqual({ result: 'v' });
  });

  it('answers NOSCRIPT for an unknown SHA and runs flagged scripts by EVAL, then by EVALSHA', async () => {
    const redis = client();
    await expect(redis.evalsha('f'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])';
    expect(await redis.eval(script, [`${prefix}lua`], [])).toBe(1);
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [`${prefix}lua`], [])).toBe(2);
  });

  it('runs @upstash/ratelimit on Redis 7.0 through the proxy', async () => {
    const ratelimit = new Ratelimit({
      redis: client(),
      limiter: Ratelimit.slidingWindow(2, '30 s'),
      prefix: `${prefix}rl`,
      analytics: false,
      ephemeralCache: false,
    });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await ratelimit.limit('someone'));
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    expect(results.every((r) => r.reason === undefined)).toBe(true);
  });

  it('carries the edge adapters (Workers build of @upstash/redis) end to end', async () => {
    const redis = createUpstashRedis({ url, token, timeoutMs: 2000 });
    const cache = createRedisCache(redis, { logger: createJsonLogger('error'), prefix: `${prefix}edge:` });
    await cache.set('k', { a: 1 }, 30);
    expect(await cache.get('k')).toEqual({ a: 1 });
    expect(await cache.incr('ver')).toBe(1);
    expect(await cache.health()).toBe('ok');
    const policies = { ...defaultRateLimitPolicies, 'login-account': { limit: 1, windowSeconds: 60 } };
    const limiter = createRedisRateLimiter(redis, policies, { timeoutMs: 2000, prefix: `${prefix}edge-rl` });
    expect((await limiter.limit('login-account', 'a@example.com')).success).toBe(true);
    expect(await limiter.limit('login-account', 'a@example.com')).toMatchObject({ success: false, unavailable: false });
  });

  it('starts from its CLI', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/upstash-rest-proxy/cli.ts', '--port', '0', '--token', token],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const { url: cliUrl } = JSON.parse(line) as { url: string };
      const redis = new Redis({ url: cliUrl, token, retry: false });
      expect(await redis.ping()).toBe('PONG');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
