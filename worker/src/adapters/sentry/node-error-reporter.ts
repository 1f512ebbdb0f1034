import * as Sentry from '@sentry/node';
import type { ErrorReporter } from '#worker/ports';
import { scopedErrorReporter } from './scoped-error-reporter';
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
  return scopedErrorReporter(Sentry);
}

/** Lets pending events leave before the process exits. */
export const flushNodeErrorReporter = (timeoutMs = 2000) => Sentry.flush(timeoutMs);
