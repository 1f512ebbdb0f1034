import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

// Accept an upstream id (nginx, a load balancer) only when it cannot smuggle anything into logs.
const saneRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const inbound = c.req.header('x-request-id');
  const id = inbound && saneRequestId.test(inbound) ? inbound : crypto.randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
});
