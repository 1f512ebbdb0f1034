import { Ratelimit } from '@upstash/ratelimit';
import { Redis as IoRedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '#test/redis-keys';
import { redisAvailable, redisUrl } from '#test/services';
import { createIoRedisUpstash, type IoRedisUpstash } from './ioredis-upstash';
import { stripUnknownLuaFlags } from './lua-shebang';

const available = await redisAvailable();
const prefix = `ep-test:ioredis-upstash:${process.pid}:${Date.now()}:`;

describe('stripUnknownLuaFlags', () => {
  it('drops a shebang whose only flag Redis 7.0 does not know', () => {
    expect(stripUnknownLuaFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe('\nreturn 1');
  });

  it('keeps the flags Redis 7.0 knows and scripts without a shebang', () => {
    expect(stripUnknownLuaFlags('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    );
    expect(stripUnknownLuaFlags('#!lua flags=no-writes\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
    expect(stripUnknownLuaFlags('return 1')).toBe('return 1');
  });
});

describe.skipIf(!available)('@upstash/redis over ioredis', () => {
  let client: IoRedisUpstash;
  let raw: IoRedis;

  beforeAll(async () => {
    client = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
    raw = new IoRedis(redisUrl);
    expect(await client.ready(2000)).toBe(true);
  });
  afterAll(async () => {
    raw.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
    await client.close();
  });

  it('round-trips JSON values, counters and TTLs', async () => {
    const { redis } = client;
    await redis.set(`${prefix}obj`, { title: 'Héllo ✓', n: 1 }, { ex: 60 });
    expect(await redis.get(`${prefix}obj`)).toEqual({ title: 'Héllo ✓', n: 1 });
    expect(await redis.incr(`${prefix}count`)).toBe(1);
    expect(await redis.incr(`${prefix}count`)).toBe(2);
    expect(await redis.ttl(`${prefix}obj`)).toBeGreaterThan(50);
    expect(await redis.get(`${prefix}missing`)).toBeNull();
    expect(await raw.get(`${prefix}obj`)).toBe('{"title":"Héllo ✓","n":1}');
  });

  it('runs explicit pipelines and transactions', async () => {
    const { redis } = client;
    const piped = await redis.pipeline().set(`${prefix}p`, 'a').get(`${prefix}p`).del(`${prefix}p`).exec();
    expect(piped).toEqual(['OK', 'a', 1]);
    const tx = await redis.multi().incr(`${prefix}tx`).incr(`${prefix}tx`).exec();
    expect(tx).toEqual([1, 2]);
  });

  it('reports a Redis error reply as a rejected command', async () => {
    await client.redis.set(`${prefix}str`, 'text');
    await expect(client.redis.incr(`${prefix}str`)).rejects.toThrow(/not an integer/);
  });

  it('runs EVALSHA after EVAL for a script with a Redis 7.2 shebang flag', async () => {
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])';
    const key = `${prefix}lua`;
    await expect(raw.eval(script, 1, key)).rejects.toThrow(/allow-key-locking/);
    expect(await client.redis.eval(script, [key], [])).toBe(1);
    const sha = await client.redis.scriptLoad(script);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await client.redis.evalsha(sha, [key], [])).toBe(2);
  });

  it('answers NOSCRIPT for an unknown SHA so clients fall back to EVAL', async () => {
    await expect(client.redis.evalsha('0'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it('runs @upstash/ratelimit sliding-window scripts on Redis 7.0, from a second instance too', async () => {
    const limiterOn = (redis: IoRedisUpstash['redis']) =>
      new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(3, '10 s'),
        prefix: `${prefix}rl`,
        analytics: false,
        ephemeralCache: false,
      });
    const first = await Promise.all([1, 2, 3].map(() => limiterOn(client.redis).limit('ip-1')));
    expect(first.map((r) => r.success)).toEqual([true, true, true]);
    // A fresh process has no SHA map yet: its EVALSHA gets NOSCRIPT and ratelimit falls back to EVAL.
    const other = createIoRedisUpstash({ url: redisUrl, timeoutMs: 1000 });
    await other.ready(2000);
    const fourth = await limiterOn(other.redis).limit('ip-1');
    await other.close();
    expect(fourth).toMatchObject({ success: false, limit: 3, remaining: 0 });
    expect(fourth.reason).toBeUndefined();
    expect((await limiterOn(client.redis).limit('ip-2')).success).toBe(true);
  });
});
