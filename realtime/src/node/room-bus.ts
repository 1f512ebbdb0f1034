import type { RoomName } from '../protocol';
import type { FanOutMessage } from '../rooms/host';

/** How the Node host's copies of a room reach each other: in-process, or through Redis across instances. */
export interface RoomBus {
  subscribe(room: RoomName, onMessage: (message: FanOutMessage) => void): Promise<void>;
  unsubscribe(room: RoomName): Promise<void>;
  publish(room: RoomName, message: FanOutMessage): Promise<void>;
  /** Records this instance's reader count for `room`; returns the total over instances, with a version. */
  presence(room: RoomName, localCount: number): Promise<{ count: number; version: number }>;
  close(): Promise<void>;
}

/** One process holds every copy (embedded, or a single Node instance without Redis). */
export function createLocalRoomBus(): RoomBus {
  const handlers = new Map<RoomName, (message: FanOutMessage) => void>();
  let version = 0;
  const counts = new Map<RoomName, number>();
  return {
    async subscribe(room, onMessage) {
      handlers.set(room, onMessage);
    },
    async unsubscribe(room) {
      handlers.delete(room);
    },
    async publish(room, message) {
      handlers.get(room)?.(message);
    },
    async presence(room, localCount) {
      version += 1;
      if (localCount >= 0) counts.set(room, localCount);
      return { count: counts.get(room) ?? 0, version };
    },
    async close() {
      handlers.clear();
    },
  };
}
