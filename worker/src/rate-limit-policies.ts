/** A sliding-window budget: at most `limit` requests per `windowSeconds`. */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

export const rateLimitPolicyNames = [
  'login-ip',
  'login-account',
  'register-ip',
  'password-reset-ip',
  'password-reset-address',
  'verify-resend',
  'refresh-family',
  'post-create',
  'comment-create',
  'api-ip',
] as const;

export type RateLimitPolicyName = (typeof rateLimitPolicyNames)[number];

export type RateLimitPolicies = Record<RateLimitPolicyName, RateLimitPolicy>;

/** Defaults from the product brief; RATE_LIMIT_<NAME> (e.g. RATE_LIMIT_LOGIN_IP=20/60) overrides one. */
export const defaultRateLimitPolicies: RateLimitPolicies = {
  'login-ip': { limit: 20, windowSeconds: 60 },
  'login-account': { limit: 5, windowSeconds: 60 },
  'register-ip': { limit: 20, windowSeconds: 60 },
  'password-reset-ip': { limit: 10, windowSeconds: 15 * 60 },
  'password-reset-address': { limit: 3, windowSeconds: 60 * 60 },
  'verify-resend': { limit: 3, windowSeconds: 60 * 60 },
  'refresh-family': { limit: 30, windowSeconds: 60 },
  'post-create': { limit: 10, windowSeconds: 3600 },
  'comment-create': { limit: 30, windowSeconds: 60 },
  // 30 r/s with a burst of 50, as the seed's nginx zone: 50 in any 1-second window is the burst ceiling.
  'api-ip': { limit: 50, windowSeconds: 1 },
};
