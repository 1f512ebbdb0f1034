import { follows } from '../../db/schema';
import type { Database } from '../../db/types';
import { createJsonLogger } from '../../worker/src/adapters/shared/json-logger';
import { noMetrics } from '../../worker/src/adapters/shared/noop';
import { createApp } from '../../worker/src/app';
import type { Deps, RealtimeEvent, RealtimePublisher } from '../../worker/src/ports';
import type { CreatePostBody } from '../../worker/src/schemas/posts';
import type { PostView } from '../../worker/src/services/posts';
import { createRealtimePublisher } from '../../worker/src/services/realtime/publisher';
import { createTestDeps } from './deps';
import { type CreatedUser, createUser } from './factories';
import { createPgliteDatabase, createTestDatabase } from './postgres';
import { postgresAvailable } from './services';

export interface RecordedEvent extends RealtimeEvent {
  room: string;
  seq: number;
}

/**
 * The API's real publisher (outbox relay, room log and all) over `db`, handing every event it would
 * deliver to `observe`, in order, instead of to a room host.
 */
export function observingRealtime(
  db: Database,
  observe: (event: RecordedEvent) => Promise<void> | void,
): RealtimePublisher {
  const logger = createJsonLogger('error');
  return createRealtimePublisher({ db, logger, metrics: noMetrics }, async (room, event) =>
    observe({ room, ...event }),
  );
}

/** The real publisher over `db`, remembering what it delivered, in order. */
export function recordingRealtime(db: Database): RealtimePublisher & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return { events, ...observingRealtime(db, (event) => void events.push(event)) };
}

/** A clock the test moves by hand, for scheduled publishing. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface PostsEngine {
  name: 'PGlite' | 'Postgres';
  available: boolean;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
}

/** PGlite (the embedded target) always; real Postgres when it listens (skipped loudly otherwise). */
export async function postsEngines(): Promise<PostsEngine[]> {
  return [
    {
      name: 'PGlite',
      available: true,
      async open() {
        const handle = await createPgliteDatabase();
        return { db: handle.db, close: () => handle.close() };
      },
    },
    {
      name: 'Postgres',
      available: await postgresAvailable(),
      async open() {
        const database = await createTestDatabase();
        return { db: database.handle.db, close: () => database.drop() };
      },
    },
  ];
}

/** The app over `db` with a recording realtime publisher; `deps` is exposed for direct service calls. */
export async function postsApp(db: Database, overrides: Partial<Deps> = {}) {
  const realtime = recordingRealtime(db);
  const deps = await createTestDeps(db, { realtime, ...overrides });
  return { app: createApp(deps), deps, realtime };
}

type App = ReturnType<typeof createApp>;

/** `app.request` as a user (or anonymously), with a JSON body when given. */
export function call(app: App, method: string, path: string, as?: CreatedUser, body?: unknown, headers = {}) {
  return app.request(path, {
    method,
    headers: {
      ...headers,
      ...(as ? as.headers : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let sequence = 0;

/** A post created through the API (so everything derived is real); published unless told otherwise. */
export async function createTestPost(
  app: App,
  author: CreatedUser,
  input: Partial<CreatePostBody> = {},
): Promise<PostView> {
  sequence += 1;
  const body = {
    title: `Test post ${sequence}`,
    body: `Some *markdown* number ${sequence}.`,
    status: 'published',
    ...input,
  };
  const res = await call(app, 'POST', '/api/posts', author, body);
  if (res.status !== 201) throw new Error(`createTestPost: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { post: PostView }).post;
}

/** `follower` follows `followee`, written directly: follows are another service's business. */
export async function follow(db: Database, followerId: string, followeeId: string): Promise<void> {
  await db.insert(follows).values({ followerId, followeeId });
}

export { createUser };
