import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';
import type { Deps, RateLimitResult } from '../ports';
import type { RateLimitPolicyName } from '../rate-limit-policies';
import { clientIp } from './client-ip';

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

type Decided = { outcome: 'allowed' | 'refused'; headers: ReturnType<typeof rateLimitHeaders> };

/** What spending one request of a policy's budget came to. */
export type Spent =
  | Decided
  /** The shared store could not be asked: the caller fails closed, or open with the local `fallback`'s decision when there is one. */
  | { outcome: 'unavailable'; fallback?: Decided };

const decided = (result: Omit<RateLimitResult, 'unavailable' | 'fallback'>): Decided => ({
  outcome: result.success ? 'allowed' : 'refused',
  headers: rateLimitHeaders(result),
});

/**
 * Spends one request of `policy` for `identifier`: the single place a budget is charged, for the
 * middleware below and for the Node replay layer in front of the app (which leaves refusals to it).
 */
export async function spendBudget(
  { rateLimiter }: Pick<Deps, 'rateLimiter'>,
  policy: RateLimitPolicyName,
  identifier: string,
): Promise<Spent> {
  const result = await rateLimiter.limit(policy, identifier);
  if (result.unavailable) return { outcome: 'unavailable', fallback: result.fallback && decided(result.fallback) };
  return decided(result);
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
    let spent = await spendBudget(deps, policy, identifier);
    if (spent.outcome === 'unavailable') {
      if (failClosed) {
        throw new AppError('service_unavailable', 'This is briefly unavailable; please try again shortly', undefined, {
          'Retry-After': '5',
        });
      }
      if (!spent.fallback) {
        deps.logger.warn('rate-limit store unavailable; letting the request through', {
          policy,
          requestId: c.get('requestId'),
        });
        return next();
      }
      spent = spent.fallback;
    }
    const { headers } = spent;
    if (spent.outcome === 'refused') {
      deps.metrics.increment('rate_limit_rejections', policy);
      throw new AppError('rate_limited', 'Too many requests; please slow down', undefined, {
        ...headers,
        'Retry-After': headers['RateLimit-Reset'],
      });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
  });
}

/** The general per-IP budget for the whole API (30 r/s with a burst of 50, as the seed's nginx zone). */
export const apiRateLimit = rateLimit('api-ip', clientIp);

/** A login or register attempt's account key, read from the JSON body (Hono caches the parsed body for the route). */
export async function emailFromBody(c: Context<AppEnv>): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => undefined)) as { email?: unknown } | undefined;
  return typeof body?.email === 'string' && body.email.length > 0 ? body.email.trim().toLowerCase() : undefined;
}
