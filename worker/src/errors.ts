import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const errorCodes = [
  'invalid_json',
  'link_invalid',
  'bad_request',
  'unauthenticated',
  'invalid_credentials',
  'token_expired',
  'token_invalid',
  'refresh_reused',
  'forbidden',
  'account_suspended',
  'not_found',
  'method_not_allowed',
  'request_timeout',
  'conflict',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'validation_failed',
  'headers_too_large',
  'rate_limited',
  'service_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_json: 400,
  link_invalid: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  token_invalid: 401,
  refresh_reused: 401,
  forbidden: 403,
  account_suspended: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  // Only nginx answers it (its URI limit); Node's parser calls a long URL headers_too_large.
  uri_too_long: 414,
  unsupported_media_type: 415,
  validation_failed: 422,
  headers_too_large: 431,
  rate_limited: 429,
  service_unavailable: 503,
  internal: 500,
};

export type ErrorDetails = Record<string, unknown>;

/** A failure the client is meant to see: its code decides the HTTP status, its message is safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): ContentfulStatusCode {
    return statusOf[this.code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);

export const conflictOn = (field: string, message: string) => new AppError('conflict', message, { field });

export const validationFailed = (field: string, message: string) =>
  new AppError('validation_failed', 'Validation failed', { [field]: [message] });
