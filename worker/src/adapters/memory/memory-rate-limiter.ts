import type { RateLimiter } from '#worker/ports';
import type { RateLimitPolicies } from '#worker/rate-limit-policies';

/**
 * Sliding-window limiter for one process, with the same weighting as @upstash/ratelimit's
 * slidingWindow: the previous window counts in proportion to how much of it still overlaps.
 */
export function createMemoryRateLimiter(policies: RateLimitPolicies, now: () => number = Date.now): RateLimiter {
  const counts = new Map<string, number>();
  return {
    async limit(policyName, identifier) {
      const policy = policies[policyName as keyof RateLimitPolicies];
      if (!policy) throw new Error(`Unknown rate-limit policy ${policyName}`);
      const windowMs = policy.windowSeconds * 1000;
      const t = now();
      const current = Math.floor(t / windowMs);
      const key = `${policyName}:${identifier}:`;
      const previousCount = counts.get(key + (current - 1)) ?? 0;
      const currentCount = counts.get(key + current) ?? 0;
      const overlap = 1 - (t % windowMs) / windowMs;
      const used = Math.floor(previousCount * overlap) + currentCount;
      const reset = (current + 1) * windowMs;
      if (used >= policy.limit) {
        return { success: false, limit: policy.limit, remaining: 0, reset, unavailable: false };
      }
      counts.set(key + current, currentCount + 1);
      counts.delete(key + (current - 2));
      if (counts.size > 100_000) pruneBefore(counts, current - 1);
      return { success: true, limit: policy.limit, remaining: policy.limit - used - 1, reset, unavailable: false };
    },
  };
}

function pruneBefore(counts: Map<string, number>, window: number) {
  for (const key of counts.keys()) {
    if (Number(key.slice(key.lastIndexOf(':') + 1)) < window) counts.delete(key);
  }
}
