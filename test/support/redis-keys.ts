import { Redis as IoRedis } from 'ioredis';

/** Removes what a test file wrote under its own key prefix on a shared Redis. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const raw = new IoRedis(url);
  try {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
  } finally {
    raw.disconnect();
  }
}
