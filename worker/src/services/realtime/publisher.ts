import type { RoomName, SequencedEvent } from '#realtime/protocol';
import type { Database, Logger, Metrics, RealtimePublisher } from '#worker/ports';
import { type RelayedEvent, relayBatchSize, relayOutbox } from './relay';

export interface PublisherDeps {
  db: Database;
  logger: Logger;
  metrics: Metrics;
}

/** Hands a logged event to the room's hosts; throws when they did not take it. */
export type DeliverEvent = (room: RoomName, event: SequencedEvent) => Promise<void>;

export interface RetryPolicy {
  attempts: number;
  /** Delay before the second attempt; doubled for each one after. */
  firstDelayMs: number;
}

const defaultRetry: RetryPolicy = { attempts: 3, firstDelayMs: 100 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The API's publisher: the relay of ADR 0101. Writes put their room events in the outbox inside their
 * own transaction; `flush()` (after a commit, on a timer, at start) moves everything committed there
 * into the rooms' logs with seqs (ADR 0060), then delivers it, each room's in order, retrying briefly.
 * One relay runs at a time per process; flushes that arrive meanwhile are served by one more pass, so
 * the events of writes that commit together travel together. Never throws: an event logged but not
 * delivered still reaches readers through the next gap fill or `sync`, and one not yet logged stays
 * in the outbox for the next pass (of this or any instance). Failures are logged and counted as
 * `realtime_publish_failures`.
 */
export function createRealtimePublisher(
  deps: PublisherDeps,
  deliver: DeliverEvent,
  retry: RetryPolicy = defaultRetry,
): RealtimePublisher {
  const fail = (msg: string, fields: Record<string, unknown>) => {
    deps.logger.warn(msg, fields);
    deps.metrics.increment('realtime_publish_failures');
  };

  const deliverWithRetry = async ({ room, event }: RelayedEvent) => {
    let lastError: unknown;
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      if (attempt > 0) await sleep(retry.firstDelayMs * 2 ** (attempt - 1));
      try {
        await deliver(room, event);
        deps.metrics.increment('realtime_publishes');
        return;
      } catch (error) {
        lastError = error;
      }
    }
    fail('realtime publish failed', { room, type: event.type, seq: event.seq, error: String(lastError) });
  };

  const deliverAll = async (relayed: RelayedEvent[]) => {
    const byRoom = new Map<RoomName, RelayedEvent[]>();
    for (const item of relayed) byRoom.set(item.room, [...(byRoom.get(item.room) ?? []), item]);
    await Promise.all(
      [...byRoom.values()].map(async (roomEvents) => {
        for (const item of roomEvents) await deliverWithRetry(item);
      }),
    );
  };

  const drain = async () => {
    for (;;) {
      const { claimed, relayed } = await relayOutbox(deps.db, new Date());
      await deliverAll(relayed);
      if (claimed < relayBatchSize) return;
    }
  };

  let running: Promise<void> | undefined;
  let again = false;
  const flush = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (error) {
          fail('realtime outbox could not be relayed', { error: String(error) });
        }
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    flush: () => void flush(),
    relay: flush,
    async settled() {
      while (running) await running;
    },
  };
}
