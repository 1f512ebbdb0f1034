import {
  type RoomEventType,
  type RoomName,
  roomEventTypes,
  roomNameSchema,
  type SequencedEvent,
  splitRoomName,
} from '../../../../realtime/src/protocol';
import type { Database, Logger, Metrics, RealtimeEvent, RealtimePublisher } from '../../ports';
import { appendRoomEvent } from './event-log';

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
 * The API's publisher: logs the event with the room's next seq (the sequencer, see ADR 0xx-realtime),
 * then delivers it, retrying briefly. Never throws: a write that committed is not failed by its
 * notification. An event logged but not delivered still reaches readers through the next gap fill or
 * `sync`. Failures are logged and counted as `realtime_publish_failures`.
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

  return {
    async publish(room: string, event: RealtimeEvent): Promise<void> {
      const name = roomNameSchema.safeParse(room);
      if (!name.success) return fail('realtime publish to an invalid room', { room, type: event.type });
      const roomName = name.data as RoomName;
      const type = event.type as RoomEventType;
      if (!roomEventTypes[splitRoomName(roomName).party].includes(type)) {
        return fail('realtime publish of an unknown event type', { room, type: event.type });
      }
      let logged: SequencedEvent;
      try {
        logged = await appendRoomEvent(deps.db, roomName, type, event.data);
      } catch (error) {
        return fail('realtime event could not be logged', { room, type, error: String(error) });
      }
      let lastError: unknown;
      for (let attempt = 0; attempt < retry.attempts; attempt++) {
        if (attempt > 0) await sleep(retry.firstDelayMs * 2 ** (attempt - 1));
        try {
          await deliver(roomName, logged);
          deps.metrics.increment('realtime_publishes');
          return;
        } catch (error) {
          lastError = error;
        }
      }
      fail('realtime publish failed', { room, type, seq: logged.seq, error: String(lastError) });
    },
  };
}
