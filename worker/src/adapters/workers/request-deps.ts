import { createMiddleware } from 'hono/factory';
import { openNeonPool } from '#db/neon-client';
import type { AppEnv } from '#worker/app-env';
import type { Deps } from '#worker/ports';
import { createMailDelivery } from '#worker/services/mail/mail-delivery';
import { createHttpRealtimePublisher } from '../shared/realtime-http-publisher';

/** Dependencies that hold no request-bound I/O, so one set serves every request of an isolate. */
export type IsolateDeps = Omit<Deps, 'db' | 'realtime' | 'mail'>;

/**
 * Completes the isolate's dependencies for one request or cron run. Workers forbid using one
 * request's sockets from another, so the database pool (and the realtime publisher, which logs
 * events through it) live and die with the invocation: pass `end` to `ctx.waitUntil`. It first
 * lets the room events that follow the answer go out.
 */
export function openRequestDeps(shared: IsolateDeps, databaseUrl: string): { deps: Deps; end: () => Promise<void> } {
  const pool = openNeonPool(databaseUrl);
  const { logger, metrics, config } = shared;
  // The publisher logs each event in Postgres (for catch-up) before delivering it to PartyKit.
  const realtime = createHttpRealtimePublisher({ db: pool.db, logger, metrics }, config.realtime);
  // Mail queued by this request is sent after the answer, inside the same invocation.
  const mail = createMailDelivery({ ...shared, db: pool.db });
  const end = async () => {
    await Promise.all([realtime.settled(), mail.settled()]);
    await pool.end();
  };
  return { deps: { ...shared, db: pool.db, realtime, mail }, end };
}

/** Sets `deps` for each request from the isolate's share, and closes what it opened once the answer is out. */
export function requestDeps(shared: IsolateDeps, databaseUrl: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { deps, end } = openRequestDeps(shared, databaseUrl);
    c.set('deps', deps);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(end());
    }
  });
}
