import type { ErrorReporter, Metrics, RealtimePublisher } from '../../ports';

/** Used when SENTRY_DSN is unset: errors are still logged by the error handler. */
export const silentErrorReporter: ErrorReporter = { capture: () => {} };

/** Workers have no /metrics endpoint; the edge relies on Cloudflare's analytics. */
export const noMetrics: Metrics = { observeRequest: () => {}, increment: () => {} };

/** For tests and tools that run the API without any room host. */
export const noRealtime: RealtimePublisher = { publish: async () => {} };
