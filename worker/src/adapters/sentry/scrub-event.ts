import type { ErrorEvent } from '@sentry/core';

const sensitiveHeaders = /^(authorization|cookie|set-cookie|x-api-key|proxy-authorization)$/i;
const sensitiveKeys = /pass(word)?|secret|token|authorization|cookie/i;

function scrubRecord(record: Record<string, unknown> | undefined, pattern: RegExp) {
  if (!record) return record;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, pattern.test(k) ? '[redacted]' : v]));
}

/**
 * Runs on every event before it leaves the process: credentials, cookies and passwords never reach
 * Sentry, whatever an integration captured. Request bodies are dropped entirely.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    event.request.headers = scrubRecord(event.request.headers, sensitiveHeaders) as Record<string, string>;
    event.request.cookies = undefined;
    event.request.data = undefined;
    if (event.request.query_string && typeof event.request.query_string === 'string') {
      event.request.query_string = event.request.query_string.replace(
        /((?:token|ticket|password)=)[^&]*/gi,
        '$1[redacted]',
      );
    }
  }
  event.extra = scrubRecord(event.extra, sensitiveKeys);
  event.user = event.user ? { id: event.user.id } : undefined;
  return event;
}
