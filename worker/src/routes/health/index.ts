import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { databaseRetryAfterSeconds } from '#worker/middleware/error-handler';
import { checkHealth } from '#worker/services/health/health';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const health = await checkHealth(c.get('deps'));
  c.header('Cache-Control', 'no-store');
  if (health.checks.db === 'ok') return c.json(health, 200);
  // Like every other 503: when to look again (a load balancer or a deploy script may honour it).
  c.header('Retry-After', String(databaseRetryAfterSeconds));
  return c.json(health, 503);
});
