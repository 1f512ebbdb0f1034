import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import type { Logger, RateLimiter, RateLimitResult } from '#worker/ports';
import type { RateLimitPolicies, RateLimitPolicyName } from '#worker/rate-limit-policies';

export interface RedisRateLimiterOptions {
  /** How long to wait for Redis before calling the store unavailable (REDIS_TIMEOUT_MS). */
  timeoutMs: number;
  /** Key prefix, so several apps or test files can share one Redis. */
  prefix?: string;
  /** After a failure, answer "unavailable" at once for this long instead of waiting on Redis per request. */
  probeIntervalMs?: number;
  logger?: Logger;
  /** This process's own limiter, asked while Redis is away (Node: the in-process one). */
  fallback?: RateLimiter;
  /**
   * How long the request that starts a probe waits for its answer (0: not at all). Workers cancel
   * what a request leaves running once its answer is out, so there a probe nobody waits for never
   * answers and the breaker would stay open for the isolate's life: the Workers entry sets this.
   */
  probeWaitMs?: number;
}

/**
 * The RateLimiter port over @upstash/ratelimit sliding windows, shared by every instance through
 * Redis. Ratelimit fails open on a timeout (`success: true, reason: 'timeout'`) and throws on a
 * connection error; both become `unavailable: true` with `success: false`, so the caller, not this
 * adapter, decides between failing open and closed (with the in-process `fallback`'s answer where
 * there is one). After a failure the breaker opens: no request asks Redis until a background PING,
 * one per `probeIntervalMs`, gets an answer, so a frozen Redis costs at most one timeout per outage
 * (per probe interval where `probeWaitMs` is set). A probe that has not settled long after its own
 * timeout was lost with its request (Workers) and is started again.
 */
export function createRedisRateLimiter(
  redis: Redis,
  policies: RateLimitPolicies,
  { timeoutMs, prefix = 'ep:rl', probeIntervalMs = 1000, logger, fallback, probeWaitMs = 0 }: RedisRateLimiterOptions,
): RateLimiter {
  const limiters = new Map<string, Ratelimit>();
  let downUntil = 0;
  let probing: { startedAt: number; answered: Promise<void> } | undefined;
  // While the breaker is open, one PING per interval tells whether Redis is back.
  const probe = async () => {
    if (probing && Date.now() - probing.startedAt < 2 * timeoutMs + probeIntervalMs) return;
    const started = { startedAt: Date.now(), answered: Promise.resolve() };
    started.answered = redis
      .ping()
      .then(
        () => {
          logger?.info('rate-limit store available again');
          downUntil = 0;
        },
        () => {
          downUntil = Date.now() + probeIntervalMs;
        },
      )
      .finally(() => {
        if (probing === started) probing = undefined;
      });
    probing = started;
    if (probeWaitMs <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([started.answered, new Promise((resolve) => (timer = setTimeout(resolve, probeWaitMs)))]);
    clearTimeout(timer);
  };
  for (const [name, policy] of Object.entries(policies)) {
    limiters.set(
      name,
      new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
        prefix: `${prefix}:${name}`,
        timeout: timeoutMs,
        analytics: false,
        // The in-process block list would answer for Redis during an outage, and differently per instance.
        ephemeralCache: false,
      }),
    );
  }

  return {
    async limit(policyName, identifier): Promise<RateLimitResult> {
      const limiter = limiters.get(policyName);
      const policy = policies[policyName as RateLimitPolicyName];
      if (!limiter || !policy) throw new Error(`Unknown rate-limit policy ${policyName}`);
      const unavailable = async (reason?: string): Promise<RateLimitResult> => {
        if (reason !== undefined) {
          // Logged once per outage, not per request; the probe interval restarts on every failure.
          if (downUntil === 0) logger?.warn('rate-limit store unavailable', { policy: policyName, reason });
          downUntil = Date.now() + probeIntervalMs;
        }
        const local = fallback && (await fallback.limit(policyName, identifier));
        return {
          success: false,
          limit: policy.limit,
          remaining: 0,
          reset: Date.now() + policy.windowSeconds * 1000,
          unavailable: true,
          ...(local
            ? {
                fallback: {
                  success: local.success,
                  limit: local.limit,
                  remaining: local.remaining,
                  reset: local.reset,
                },
              }
            : {}),
        };
      };
      if (downUntil !== 0) {
        if (downUntil <= Date.now()) await probe();
        if (downUntil !== 0) return unavailable();
      }
      try {
        const result = await limiter.limit(identifier);
        if (result.reason === 'timeout') return unavailable('timeout');
        if (downUntil !== 0) logger?.info('rate-limit store available again');
        downUntil = 0;
        return {
          success: result.success,
          limit: result.limit,
          remaining: Math.max(0, result.remaining),
          reset: result.reset,
          unavailable: false,
        };
      } catch (error) {
        return unavailable(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
