import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RoomName } from '../protocol';
import type { FanOutMessage, RoomLogger } from '../rooms/host';
import type { RoomBus } from './room-bus';

export interface RedisRoomBusOptions {
  url: string;
  logger: RoomLogger;
  /** Private namespace for channels and keys; tests give each run its own. */
  keyPrefix?: string;
  heartbeatMs?: number;
}

// KEYS[1] the room's presence hash (instance id -> local count). ARGV: instance id, local count (-1:
// only recount), key prefix. Counts of instances whose heartbeat key has expired (a crashed process) are dropped. The
// version is Redis's own clock, so every instance orders presence updates the same way.
const presenceScript = `
local key = KEYS[1]
local mine = tonumber(ARGV[2])
if mine > 0 then redis.call('HSET', key, ARGV[1], ARGV[2]) elseif mine == 0 then redis.call('HDEL', key, ARGV[1]) end
local total = 0
local entries = redis.call('HGETALL', key)
for i = 1, #entries, 2 do
  if redis.call('EXISTS', ARGV[3] .. 'instance:' .. entries[i]) == 1 then
    total = total + tonumber(entries[i + 1])
  else
    redis.call('HDEL', key, entries[i])
  end
end
redis.call('PEXPIRE', key, 86400000)
local now = redis.call('TIME')
return {total, tonumber(now[1]) * 1000000 + tonumber(now[2])}
`;

/** Each instance says it is alive this often; its key lives three beats, so a dead one goes within 15 s. */
export const presenceHeartbeatMs = 5_000;

type PresenceRedis = Redis & {
  edgepressPresence(key: string, instance: string, count: string, prefix: string): Promise<[number, number]>;
};

/**
 * Joins the copies of each room on several Node instances: one pub/sub channel per room carries
 * events, typing and presence; presence counts live in a Redis hash per room.
 */
export async function createRedisRoomBus(options: RedisRoomBusOptions): Promise<RoomBus> {
  const prefix = options.keyPrefix ?? 'edgepress:realtime:';
  const instance = randomUUID();
  const heartbeatMs = options.heartbeatMs ?? presenceHeartbeatMs;
  // No auto-pipelining: one batch that never settles would hold back every later publish and presence
  // update of the process. A command that hangs times out instead, so the room logs it and goes on.
  const commands = new Redis(options.url, { maxRetriesPerRequest: 2, commandTimeout: 5_000 }) as PresenceRedis;
  const subscriber = new Redis(options.url, { maxRetriesPerRequest: 2 });
  const onError = (error: Error) => options.logger.warn('realtime redis error', { error: error.message });
  commands.on('error', onError);
  subscriber.on('error', onError);
  commands.defineCommand('edgepressPresence', { numberOfKeys: 1, lua: presenceScript });
  const handlers = new Map<string, (message: FanOutMessage) => void>();
  const rooms = new Set<RoomName>();
  const channel = (room: RoomName) => `${prefix}room:${room}`;
  const heartbeatKey = `${prefix}instance:${instance}`;
  const beat = () => commands.set(heartbeatKey, '1', 'PX', heartbeatMs * 3);

  subscriber.on('message', (name: string, payload: string) => {
    const handler = handlers.get(name);
    if (handler) handler(JSON.parse(payload) as FanOutMessage);
  });
  // Not awaited: a Redis that is down at start must not stop the process; the interval retries.
  void beat().catch(() => {});
  const heartbeat = setInterval(() => void beat().catch(() => {}), heartbeatMs);
  heartbeat.unref();

  return {
    async subscribe(room, onMessage) {
      handlers.set(channel(room), onMessage);
      await subscriber.subscribe(channel(room));
    },
    async unsubscribe(room) {
      handlers.delete(channel(room));
      await subscriber.unsubscribe(channel(room));
    },
    async publish(room, message) {
      await commands.publish(channel(room), JSON.stringify(message));
    },
    async presence(room, localCount) {
      if (localCount > 0) rooms.add(room);
      else if (localCount === 0) rooms.delete(room);
      const [count, version] = await commands.edgepressPresence(
        `${prefix}presence:${room}`,
        instance,
        String(localCount),
        prefix,
      );
      return { count: Number(count), version: Number(version) };
    },
    async close() {
      clearInterval(heartbeat);
      await Promise.allSettled([...rooms].map((room) => commands.hdel(`${prefix}presence:${room}`, instance)));
      await commands.del(heartbeatKey).catch(() => {});
      subscriber.disconnect();
      await commands.quit().catch(() => commands.disconnect());
    },
  };
}
