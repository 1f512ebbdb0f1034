import { signServerToken } from '#realtime/tokens';
import type { RealtimePublisher } from '#worker/ports';
import { createRealtimePublisher, type PublisherDeps, type RetryPolicy } from '#worker/services/realtime/publisher';

export interface HttpPublisherOptions {
  /** REALTIME_URL: the PartyKit project, or the Node host's own origin. */
  url: string;
  secret: string;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  timeoutMs?: number;
}

/**
 * Publishes with `POST <REALTIME_URL>/parties/<party>/<room>` and a bearer token signed with
 * REALTIME_SECRET (API-CONTRACT.md, "Realtime"). Plain fetch, so it runs on Workers and Node alike.
 */
export function createHttpRealtimePublisher(deps: PublisherDeps, options: HttpPublisherOptions): RealtimePublisher {
  const send = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  return createRealtimePublisher(
    deps,
    async (room, event) => {
      const response = await send(`${base}/parties/${room}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await signServerToken(options.secret, 'publish', room)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`room answered ${response.status}`);
    },
    options.retry,
  );
}
