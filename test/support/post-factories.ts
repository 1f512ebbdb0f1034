import { follows } from '#db/schema';
import type { Database } from '#db/types';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { noMetrics } from '#worker/adapters/shared/noop';
import { createApp } from '#worker/app';
import type { Deps, RealtimeEvent, RealtimePublisher } from '#worker/ports';
import type { CreatePostBody } from '#worker/schemas/posts';
import type { PostView } from '#worker/services/posts';
import { createRealtimePublisher } from '#worker/services/realtime/publisher';
import { createTestDeps } from './deps';
import { type CreatedUser, createUser } from './factories';
import { type Answerer, call } from './requests';

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

export type RecordingRealtime = RealtimePublisher & { events: RecordedEvent[] };

/** The real publisher over `db`, remembering what it delivered, in order. */
export function recordingRealtime(db: Database): RecordingRealtime {
  const events: RecordedEvent[] = [];
  return { events, ...observingRealtime(db, (event) => void events.push(event)) };
}

/** A clock the test moves by hand, for scheduled publishing. */
export function manualClock(start?: Date) {
  // Without a start it starts at its first reading: a suite's setup, however slow, cannot leave it
  // behind the access tokens issued meanwhile (a token issued in the future is refused).
  let now = start?.getTime();
  const reading = () => {
    now ??= Date.now();
    return now;
  };
  return {
    now: () => new Date(reading()),
    advance(ms: number) {
      now = reading() + ms;
    },
  };
}

/** The app over `db` with a recording realtime publisher; `deps` is exposed for direct service calls. */
export async function postsApp(db: Database, overrides: Partial<Deps> = {}) {
  const realtime = recordingRealtime(db);
  const deps = await createTestDeps(db, { realtime, ...overrides });
  return { app: createApp(deps), deps, realtime };
}

let sequence = 0;

/** A post created through the API (so everything derived is real); published unless told otherwise. */
export async function createTestPost(
  app: Answerer,
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
/** Post tests take their one request helper from here too. */
export { call } from './requests';
