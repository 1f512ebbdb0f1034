import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

// Accept an upstream id (nginx, a load balancer) only when it cannot smuggle anything into logs.
const saneRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/** The upstream's id when it is sane, else a fresh one. */
export function requestIdFor(inbound: string | undefined): string {
  return inbound && saneRequestId.test(inbound) ? inbound : crypto.randomUUID();
}

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = requestIdFor(c.req.header('x-request-id'));
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
});
