import WebSocket from 'ws';
import type { RoomName } from '../realtime/src/protocol';
import { signServerToken } from '../realtime/src/tokens';
import { insertPost, type RealtimeTarget, secret, startPartykitTarget } from '../realtime/test/hosts';
import { createUser } from '../test/support/factories';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { freePort, startProcess } from '../test/support/processes';
import { appendRoomEvent } from '../worker/src/services/realtime/event-log';

/**
 * Fan-out latency: one comment published to a post room with N readers connected, measured from the
 * moment the API's insert into the log commits to each socket's receipt. Clients run here; the Node
 * host runs in its own process, partykit dev in its own.
 */
export interface FanoutResult {
  host: string;
  sockets: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

const rounds = 20;
const warmupRounds = 3;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function connectReaders(url: string, count: number, onEvent: (seq: number, at: number) => void) {
  const sockets: WebSocket[] = [];
  const presence: number[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, () => {
      const socket = new WebSocket(url);
      const index = sockets.push(socket) - 1;
      return new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.on('message', (raw) => {
          const at = performance.timeOrigin + performance.now();
          const message = JSON.parse(String(raw));
          if (message.type === 'pong') resolve();
          else if (message.type === 'presence') presence[index] = message.data.count;
          else if (typeof message.seq === 'number') onEvent(message.seq, at);
        });
        socket.once('open', () => socket.send(JSON.stringify({ v: 1, type: 'ping' })));
      });
    });
    await Promise.all(batch);
  }
  // Measure only once the storm of N joins has settled: every reader has seen the final count.
  const begin = Date.now();
  while (sockets.some((_, i) => presence[i] !== count) && Date.now() - begin < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return sockets;
}

/** Publishes one comment and returns its seq and the instant its log insert committed (wall clock, ms). */
type Publish = (room: RoomName, round: number) => Promise<{ seq: number; committedAt: number }>;

/** Node target: the API and the rooms share a process, so the publish is in-process (the host's bench hook). */
const publishViaNodeHost =
  (base: string): Publish =>
  async (room, round) => {
    const response = await fetch(`${base}/bench/publish?room=${room}`, {
      method: 'POST',
      body: JSON.stringify({ id: `bench-${round}` }),
    });
    return (await response.json()) as { seq: number; committedAt: number };
  };

/** Edge target: the API commits, then POSTs to the PartyKit room. */
const publishOverHttp =
  (database: TestDatabase, base: string): Publish =>
  async (room, round) => {
    const event = await appendRoomEvent(database.handle.db, room, 'comment.created', { id: `bench-${round}` });
    const committedAt = performance.timeOrigin + performance.now();
    const token = await signServerToken(secret, 'publish', room);
    await fetch(`${base}/parties/${room}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    return { seq: event.seq, committedAt };
  };

async function measure(name: string, wsBase: string, publish: Publish, postId: string, n: number) {
  const room: RoomName = `post/${postId}`;
  const received: { seq: number; at: number }[] = [];
  const sockets = await connectReaders(`${wsBase}/parties/post/${postId}`, n, (seq, at) => received.push({ seq, at }));
  const committed = new Map<number, number>();
  for (let round = -warmupRounds; round < rounds; round++) {
    const { seq, committedAt } = await publish(room, round);
    if (round >= 0) committed.set(seq, committedAt);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const socket of sockets) socket.terminate();
  const latencies = received.flatMap(({ seq, at }) => {
    const t0 = committed.get(seq);
    return t0 === undefined ? [] : [at - t0];
  });
  const sorted = latencies.sort((a, b) => a - b);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    host: name,
    sockets: n,
    samples: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p99: round1(percentile(sorted, 99)),
    max: round1(sorted.at(-1) ?? Number.NaN),
  };
}

/** Runs the fan-out benchmark on the Node host and on partykit dev for each N. */
export async function runRealtimeFanout(sizes = [100, 1000]): Promise<FanoutResult[]> {
  const database = await createTestDatabase();
  const results: FanoutResult[] = [];
  try {
    const author = await createUser(database.handle.db);
    const port = await freePort();
    const node = startProcess('npx', ['tsx', 'bench/realtime-node-server.ts'], {
      DATABASE_URL: database.url,
      PORT: String(port),
      REALTIME_SECRET: secret,
    });
    await waitForLine(node, 'ready');
    for (const n of sizes) {
      const postId = (await insertPost(database.handle.db, author)).id;
      results.push(
        await measure('Node host', `ws://127.0.0.1:${port}`, publishViaNodeHost(`http://127.0.0.1:${port}`), postId, n),
      );
    }
    await node.stop();
    const partykit: RealtimeTarget = await startPartykitTarget(database);
    for (const n of sizes) {
      const postId = (await insertPost(database.handle.db, author)).id;
      results.push(
        await measure(
          'partykit dev',
          `ws://${partykit.host}`,
          publishOverHttp(database, `http://${partykit.host}`),
          postId,
          n,
        ),
      );
    }
    await partykit.close();
  } finally {
    await database.drop();
  }
  return results;
}

async function waitForLine(started: ReturnType<typeof startProcess>, line: string) {
  const begin = Date.now();
  while (!started.output().includes(line)) {
    if (started.child.exitCode !== null || Date.now() - begin > 30_000) throw new Error(started.output());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runRealtimeFanout();
  console.log('| host | sockets | samples | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.host} | ${r.sockets} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.max} |`);
  process.exit(0);
}
