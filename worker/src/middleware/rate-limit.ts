import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';
import type { RateLimitResult } from '../ports';
import type { RateLimitPolicyName } from '../rate-limit-policies';
import { clientIpFrom } from './client-ip';
import type { Stage, StageDeps } from './exchange';

/** Who a request counts against; undefined when it cannot be told (the request is then not limited by this policy). */
export type Identify = (c: Context<AppEnv>) => string | undefined | Promise<string | undefined>;

export interface RateLimitOptions {
  /**
   * Refuse with 503 when the rate-limit store cannot answer. For login and register: a short
   * outage is better than a brute-force window. Everything else lets the request through.
   */
  failClosed?: boolean;
}

/** The contract's RateLimit-* headers for one answer of the limiter; the reset is in whole seconds. */
export function rateLimitHeaders(result: Pick<RateLimitResult, 'limit' | 'remaining' | 'reset'>) {
  const resetSeconds = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(resetSeconds),
  };
}

/**
 * Charges one request of `policy` to `identifier`: the single place a budget is spent, for route
 * middleware and for the API's budget in the shared pipeline. Returns the RateLimit headers to send,
 * none when the store could not be asked and the request goes through anyway; throws the refusal.
 */
async function charge(
  deps: StageDeps,
  policy: RateLimitPolicyName,
  identifier: string,
  failClosed: boolean,
  requestId: string,
): Promise<Record<string, string>> {
  const answer = await deps.rateLimiter.limit(policy, identifier);
  let result: Omit<RateLimitResult, 'unavailable' | 'fallback'> | undefined = answer;
  if (answer.unavailable) {
    if (failClosed) {
      throw new AppError('service_unavailable', 'This is briefly unavailable; please try again shortly', undefined, {
        'Retry-After': '5',
      });
    }
    // While Redis is away this instance's own limiter decides (ADR 0052), when there is one.
    result = answer.fallback;
    if (!result) {
      deps.logger.warn('rate-limit store unavailable; letting the request through', { policy, requestId });
      return {};
    }
  }
  const headers = rateLimitHeaders(result);
  if (!result.success) {
    deps.metrics.increment('rate_limit_rejections', policy);
    throw new AppError('rate_limited', 'Too many requests; please slow down', undefined, {
      ...headers,
      'Retry-After': headers['RateLimit-Reset'],
    });
  }
  return headers;
}

/**
 * Applies one sliding-window policy from config to the requests `identify` attributes: sends
 * RateLimit-Limit / -Remaining / -Reset (seconds), and refuses with 429 `rate_limited` and
 * Retry-After once the budget is spent. A no-op when RATE_LIMITS=off.
 */
export function rateLimit(
  policy: RateLimitPolicyName,
  identify: Identify,
  { failClosed = false }: RateLimitOptions = {},
): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get('deps');
    if (!deps.config.rateLimitsEnabled) return next();
    const identifier = await identify(c);
    if (identifier === undefined) return next();
    const headers = await charge(deps, policy, identifier, failClosed, c.get('requestId'));
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
  });
}

/** The general per-IP budget for the whole API (30 r/s with a burst of 50, as the seed's nginx zone). */
export const apiBudget: Stage = async (x, next) => {
  if (!x.deps.config.rateLimitsEnabled) return next();
  const ip = clientIpFrom(x.deps.config, x.header, x.peerAddress());
  if (ip === undefined) return next();
  const headers = await charge(x.deps, 'api-ip', ip, false, x.requestId);
  for (const [name, value] of Object.entries(headers)) x.setHeader(name, value);
  return next();
};

/** A login or register attempt's account key, read from the JSON body (Hono caches the parsed body for the route). */
export async function emailFromBody(c: Context<AppEnv>): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => undefined)) as { email?: unknown } | undefined;
  return typeof body?.email === 'string' && body.email.length > 0 ? body.email.trim().toLowerCase() : undefined;
}
