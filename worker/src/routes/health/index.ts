import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

async function databaseState(deps: AppEnv['Variables']['deps']) {
  try {
    await deps.db.execute(sql`select 1`);
    return 'ok' as const;
  } catch {
    return 'down' as const;
  }
}

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const deps = c.get('deps');
  const [db, redis] = await Promise.all([databaseState(deps), deps.cache.health()]);
  const status = db === 'ok' && redis !== 'degraded' ? 'ok' : 'degraded';
  c.header('Cache-Control', 'no-store');
  return c.json({ status, checks: { db, redis } }, db === 'ok' ? 200 : 503);
});
