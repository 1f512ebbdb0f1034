import * as Sentry from '@sentry/cloudflare';
import type { ErrorReporter } from '#worker/ports';
import { scopedErrorReporter } from '../sentry/scoped-error-reporter';

/**
 * Reports through the Sentry client that `withSentry` set up for this request. Hono answers errors
 * itself, so the wrapper never sees them: the app's onError calls this. Without a DSN the SDK is
 * not initialised and capturing is a no-op.
 */
export const sentryErrorReporter: ErrorReporter = scopedErrorReporter(Sentry);
