import * as Sentry from '@sentry/cloudflare';
import type { ErrorReporter } from '../../ports';

/**
 * Reports through the Sentry client that `withSentry` set up for this request. Hono answers errors
 * itself, so the wrapper never sees them: the app's onError calls this. Without a DSN the SDK is
 * not initialised and capturing is a no-op.
 */
export const sentryErrorReporter: ErrorReporter = {
  capture(error, context) {
    Sentry.withScope((scope) => {
      if (context.requestId) scope.setTag('request_id', context.requestId);
      if (context.userId) scope.setUser({ id: context.userId });
      scope.setContext('request', { method: context.method, path: context.path });
      Sentry.captureException(error);
    });
  },
};
