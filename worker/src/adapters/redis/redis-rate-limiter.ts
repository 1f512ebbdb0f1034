import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import type { Logger, RateLimiter, RateLimitResult } from '../../ports';
import type { RateLimitPolicies, RateLimitPolicyName } from '../../rate-limit-policies';

export interface RedisRateLimiterOptions {
  /** How long to wait for Redis before calling the store unavailable (REDIS_TIMEOUT_MS). */
  timeoutMs: number;
  /** Key prefix, so several apps or test files can share one Redis. */
  prefix?: string;
  logger?: Logger;
}

/**
 * The RateLimiter port over @upstash/ratelimit sliding windows, shared by every instance through
 * Redis. Ratelimit fails open on a timeout (`success: true, reason: 'timeout'`) and throws on a
 * connection error; both become `unavailable: true` with `success: false`, so the caller, not this
 * adapter, decides between failing open and closed.
 */
export function createRedisRateLimiter(
  redis: Redis,
  policies: RateLimitPolicies,
  { timeoutMs, prefix = 'ep:rl', logger }: RedisRateLimiterOptions,
): RateLimiter {
  const limiters = new Map<string, Ratelimit>();
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
      const unavailable = (reason: string): RateLimitResult => {
        logger?.warn('rate-limit store unavailable', { policy: policyName, reason });
        return {
          success: false,
          limit: policy.limit,
          remaining: 0,
          reset: Date.now() + policy.windowSeconds * 1000,
          unavailable: true,
        };
      };
      try {
        const result = await limiter.limit(identifier);
        if (result.reason === 'timeout') return unavailable('timeout');
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
