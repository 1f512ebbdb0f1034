import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { checkHealth } from '#worker/services/health/health';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const health = await checkHealth(c.get('deps'));
  c.header('Cache-Control', 'no-store');
  return c.json(health, health.checks.db === 'ok' ? 200 : 503);
});
