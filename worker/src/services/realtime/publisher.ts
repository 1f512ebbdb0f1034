import {
  type RoomEventType,
  type RoomName,
  roomEventTypes,
  roomNameSchema,
  type SequencedEvent,
  splitRoomName,
} from '../../../../realtime/src/protocol';
import { batched } from '../../batched';
import type { Database, Logger, Metrics, RealtimePublisher, RoomEvent } from '../../ports';
import { appendRoomEvents, type RoomEventToLog } from './event-log';

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
 * The API's publisher: logs the events with their rooms' next seqs in one statement, shared with
 * the other writes that committed in the same turn (the sequencer, see ADR 0060), then delivers them, each room's in order, retrying briefly.
 * Never throws: a write that committed is not failed by its notification. An event logged but not
 * delivered still reaches readers through the next gap fill or `sync`. Failures are logged and
 * counted as `realtime_publish_failures`.
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

  const accepted = ({ room, event }: RoomEvent): RoomEventToLog | undefined => {
    const name = roomNameSchema.safeParse(room);
    if (!name.success) return void fail('realtime publish to an invalid room', { room, type: event.type });
    const roomName = name.data as RoomName;
    const type = event.type as RoomEventType;
    if (!roomEventTypes[splitRoomName(roomName).party].includes(type)) {
      return void fail('realtime publish of an unknown event type', { room, type: event.type });
    }
    return { room: roomName, type, data: event.data };
  };

  const deliverWithRetry = async (room: RoomName, logged: SequencedEvent) => {
    let lastError: unknown;
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      if (attempt > 0) await sleep(retry.firstDelayMs * 2 ** (attempt - 1));
      try {
        await deliver(room, logged);
        deps.metrics.increment('realtime_publishes');
        return;
      } catch (error) {
        lastError = error;
      }
    }
    fail('realtime publish failed', { room, type: logged.type, seq: logged.seq, error: String(lastError) });
  };

  // Writes that commit together are logged together: one statement for all their events.
  const logTogether = batched(async (writes: RoomEventToLog[][]) => {
    const logged = await appendRoomEvents(deps.db, writes.flat());
    let start = 0;
    return writes.map((events) => {
      start += events.length;
      return logged.slice(start - events.length, start);
    });
  });

  const publishAll = async (events: RoomEvent[]): Promise<void> => {
    const toLog = events.map(accepted).filter((e): e is RoomEventToLog => e !== undefined);
    if (toLog.length === 0) return;
    let logged: SequencedEvent[];
    try {
      logged = await logTogether(toLog);
    } catch (error) {
      const rooms = [...new Set(toLog.map((e) => e.room))];
      return fail('realtime events could not be logged', { rooms, error: String(error) });
    }
    const byRoom = new Map<RoomName, SequencedEvent[]>();
    for (const [i, { room }] of toLog.entries()) {
      const roomEvents = byRoom.get(room) ?? [];
      roomEvents.push(logged[i] as SequencedEvent);
      byRoom.set(room, roomEvents);
    }
    await Promise.all(
      [...byRoom].map(async ([room, roomEvents]) => {
        for (const event of roomEvents) await deliverWithRetry(room, event);
      }),
    );
  };

  const inFlight = new Set<Promise<void>>();
  const publishLater = (make: () => Promise<RoomEvent[]>) => {
    const task = make().then(publishAll, (error) =>
      fail('realtime events could not be prepared', { error: String(error) }),
    );
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  return {
    publishAll,
    publish: (room, event) => publishAll([{ room, event }]),
    publishLater,
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
