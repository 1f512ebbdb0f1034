import type { Hono } from 'hono';
import type { NodeRooms } from '../adapters/node/realtime-node-rooms';
import type { AppEnv } from '../app-env';
import type { Deps } from '../ports';
import { createHotResponses } from './hot-responses';
import { createIntervalScheduler } from './interval-scheduler';
import { scheduleNodeJobs } from './node-jobs';
import { onShutdownSignal, type RunningServer, startNodeServer } from './node-server';
import { mountWebApp } from './static-web';

export interface ServeNodeAppOptions {
  app: Hono<AppEnv>;
  deps: Deps;
  rooms: NodeRooms;
  host: string;
  port: number;
  webDist: string;
  /** Serve recent public answers from memory (server/hot-responses.ts); off when the cache is. */
  hotResponses: boolean;
  /** Closes what the entry opened (database, Redis, error reporter) after the server has stopped. */
  closeResources: () => Promise<void>;
}

/**
 * What both Node entries do once their deps exist: host the rooms and the web build beside the
 * API, run the periodic jobs, listen, and stop all of it in order on SIGINT/SIGTERM.
 */
export async function serveNodeApp(options: ServeNodeAppOptions): Promise<RunningServer> {
  const { app, deps, rooms } = options;
  const { logger } = deps;
  app.all('/parties/*', rooms.route);
  if (!mountWebApp(app, options.webDist, logger)) {
    logger.warn('no web build found; serving the API only', { webDist: options.webDist });
  }
  const scheduler = createIntervalScheduler(logger);
  scheduleNodeJobs(scheduler, deps, rooms.trim);
  const server = await startNodeServer({
    app: app as never,
    host: options.host,
    port: options.port,
    logger,
    onUpgrade: rooms.onUpgrade,
    hot: options.hotResponses ? createHotResponses(deps) : undefined,
  });
  onShutdownSignal(logger, async () => {
    scheduler.stop();
    await rooms.close();
    await server.close();
    // Room events that followed the last answers are logged before the database goes.
    await deps.realtime.settled();
    await deps.mail.settled();
    await options.closeResources();
  });
  return server;
}
