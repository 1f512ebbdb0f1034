import * as Sentry from '@sentry/node';
import type { ErrorReporter } from '../../ports';
import { scrubEvent } from './scrub-event';

/** Sentry for the Node targets, fed only from the app's single onError. */
export function createNodeErrorReporter(dsn: string, environment: string): ErrorReporter {
  Sentry.init({
    dsn,
    environment,
    defaultIntegrations: false,
    integrations: [Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration()],
    beforeSend: scrubEvent,
  });
  return {
    capture(error, context) {
      Sentry.withScope((scope) => {
        if (context.requestId) scope.setTag('request_id', context.requestId);
        if (context.userId) scope.setUser({ id: context.userId });
        scope.setContext('request', { method: context.method, path: context.path });
        Sentry.captureException(error);
      });
    },
  };
}

/** Lets pending events leave before the process exits. */
export const flushNodeErrorReporter = (timeoutMs = 2000) => Sentry.flush(timeoutMs);
