import type { Cache, ErrorReporter, Metrics, RealtimePublisher } from '#worker/ports';

/** Used when SENTRY_DSN is unset: errors are still logged by the error handler. */
export const silentErrorReporter: ErrorReporter = { capture: () => {} };

/** Workers have no /metrics endpoint; the edge relies on Cloudflare's analytics. */
export const noMetrics: Metrics = { observeRequest: () => {}, increment: () => {} };

/** For tests and tools that run the API without any room host. */
export const noRealtime: RealtimePublisher = {
  flush: () => {},
  relay: async () => {},
  settled: async () => {},
};

/** `CACHE=off` (benchmarks only): every read is a miss, so every answer comes from the database. */
export const noCache: Cache = {
  get: async () => undefined,
  set: async () => {},
  del: async () => {},
  incr: async () => undefined,
  readCounter: async () => undefined,
  health: async () => 'absent',
};
