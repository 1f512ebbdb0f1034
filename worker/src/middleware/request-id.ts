import type { Stage } from './exchange';

// Accept an upstream id (nginx, a load balancer) only when it cannot smuggle anything into logs.
const saneRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/** The upstream's id when it is sane, else a fresh one, sent back as X-Request-Id. */
export const requestId: Stage = (x, next) => {
  const inbound = x.header('x-request-id');
  x.requestId = inbound && saneRequestId.test(inbound) ? inbound : crypto.randomUUID();
  x.setHeader('X-Request-Id', x.requestId);
  return next();
};
