import type { NodeRooms } from '../adapters/node/realtime-node-rooms';
import { type AppOptions, createApp } from '../app';
import type { Deps } from '../ports';
import { createHotResponses } from './hot-responses';
import { createIntervalScheduler } from './interval-scheduler';
import { scheduleNodeJobs } from './node-jobs';
import { onShutdownSignal, type RunningServer, startNodeServer } from './node-server';
import { webApp } from './static-web';

export interface ServeNodeAppOptions {
  deps: Deps;
  /** `/metrics` for the Prometheus scraper (the self-host entry). */
  metrics?: AppOptions['metrics'];
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
 * What both Node entries do once their deps exist: build the app with the rooms and the web build
 * beside the API, run the periodic jobs, listen, and stop all of it in order on SIGINT/SIGTERM.
 */
export async function serveNodeApp(options: ServeNodeAppOptions): Promise<RunningServer> {
  const { deps, rooms } = options;
  const { logger } = deps;
  const web = webApp(options.webDist, logger);
  if (!web) logger.warn('no web build found; serving the API only', { webDist: options.webDist });
  const app = createApp(deps, { metrics: options.metrics, rooms: rooms.route, web });
  const scheduler = createIntervalScheduler(logger);
  scheduleNodeJobs(scheduler, deps, rooms.trim);
  const server = await startNodeServer({
    app,
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
    await deps.mail.stop();
    await options.closeResources();
  });
  return server;
}
