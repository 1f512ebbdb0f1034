import type { RoomName, SequencedEvent } from '#realtime/protocol';
import type { RealtimePublisher } from '#worker/ports';
import { createRealtimePublisher, type PublisherDeps, type RetryPolicy } from '#worker/services/realtime/publisher';

/** The slice of the Node realtime host the publisher calls. */
export interface InProcessRooms {
  publish(room: RoomName, event: SequencedEvent): Promise<void>;
}

/**
 * On the Node and embedded targets the rooms live in this process: hand the logged event to the host
 * directly (it fans out through Redis when there is more than one instance) instead of POSTing to ourselves.
 */
export function createLocalRealtimePublisher(
  deps: PublisherDeps,
  rooms: InProcessRooms,
  retry?: RetryPolicy,
): RealtimePublisher {
  return createRealtimePublisher(deps, (room, event) => rooms.publish(room, event), retry);
}
