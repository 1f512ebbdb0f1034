import type { ErrorReporter } from '#worker/ports';

interface ScopeLike {
  setTag(key: string, value: string): unknown;
  setUser(user: { id: string }): unknown;
  setContext(name: string, context: Record<string, unknown>): unknown;
}

/** The part of a Sentry SDK (Node or Cloudflare) the reporter needs. */
export interface SentryApi {
  withScope(callback: (scope: ScopeLike) => void): unknown;
  captureException(error: unknown): unknown;
}

/** Reports an error with the request id, the user id (never more of the user) and the route. */
export function scopedErrorReporter(sentry: SentryApi): ErrorReporter {
  return {
    capture(error, context) {
      sentry.withScope((scope) => {
        if (context.requestId) scope.setTag('request_id', context.requestId);
        if (context.userId) scope.setUser({ id: context.userId });
        scope.setContext('request', { method: context.method, path: context.path });
        sentry.captureException(error);
      });
    },
  };
}
