import type { Redis } from '@upstash/redis';
import { Redis as CloudflareRedis } from '@upstash/redis/cloudflare';

export interface UpstashRestOptions {
  /** UPSTASH_REDIS_REST_URL (or the local upstash-rest-proxy in `npm run dev:edge`). */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  /** Abort a request after this long (REDIS_TIMEOUT_MS) rather than waiting on a slow network. */
  timeoutMs?: number;
}

/**
 * The edge target's Redis: @upstash/redis over Upstash's REST API (fetch). One retry only, since
 * the default five with exponential backoff turns an outage into seconds of waiting per request.
 */
export function createUpstashRedis({ url, token, timeoutMs = 500 }: UpstashRestOptions): Redis {
  return new CloudflareRedis({
    url,
    token,
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
    enableTelemetry: false,
  });
}
