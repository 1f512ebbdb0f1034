import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import { users } from '#db/schema';
import type { Database } from '#db/types';
import { contractEngines, type OpenedEngine, type TestEngine } from '#test/postgres';
import { createApp } from '#worker/app';
import type { Deps } from '#worker/ports';
import { diskWebBuild } from '#worker/server/disk-web-build';
import { webApp } from '#worker/server/static-web';
import { type CreatedUser, type CreateUserOptions, createUser } from './factories';
import { call, postsApp } from './post-factories';
import type { Answerer } from './requests';

export interface SuiteOptions {
  /** Serve the web build in this folder too (reader pages, the app shell), as every target does. */
  web?: string;
}

type PostsApp = Omit<Awaited<ReturnType<typeof postsApp>>, 'app'> & { app: Answerer };

/**
 * `postsApp` over an opened engine: on workerd the Worker answers, and the suite's own services (seeding,
 * direct calls) share its Redis cache and rooms, so what they change is what the Worker serves.
 */
export async function postsAppOn(opened: OpenedEngine, overrides: Partial<Deps> = {}): Promise<PostsApp> {
  const built = await postsApp(opened.db, { ...overrides, ...opened.edge?.deps });
  return opened.edge ? { ...built, app: opened.edge.app, realtime: opened.edge.deps.realtime } : built;
}

/** What a test sees of the app over a fresh database; fields are set once the suite's `beforeAll` has run. */
export type AppUnderTest<P extends string> = PostsApp &
  Record<P, CreatedUser> & {
    db: Database;
    /** `call` on this app: a request as `as` (or anonymously), with a JSON body when given. */
    req(
      method: string,
      path: string,
      as?: CreatedUser,
      body?: unknown,
      headers?: Record<string, string>,
    ): Promise<Response>;
    /** The author's `posts_count` counter as stored. */
    postsCountOf(userId: string): Promise<number | undefined>;
  };

/**
 * Opens `engine`, builds the app over it and creates `people` before the enclosing suite's tests, and closes the
 * database after them. The methods may be taken at collection time; the other fields only inside tests and hooks.
 */
export function openAppUnderTest<P extends string = never>(
  engine: TestEngine,
  people = {} as Record<P, CreateUserOptions>,
  options: SuiteOptions = {},
): AppUnderTest<P> {
  let close: () => Promise<void> = async () => {};
  const t = {
    req: (method, path, as, body, headers = {}) => call(t.app, method, path, as, body, headers),
    postsCountOf: async (userId) =>
      (await t.db.select({ n: users.postsCount }).from(users).where(eq(users.id, userId)))[0]?.n,
  } as AppUnderTest<P>;
  beforeAll(async () => {
    const opened = await engine.open();
    close = opened.close;
    Object.assign(t, { db: opened.db }, await postsAppOn(opened));
    // The Worker serves its build from its assets; in this process the app serves it as the Node target does.
    if (options.web && !opened.edge) {
      t.deps.webBuild = diskWebBuild(options.web);
      t.app = createApp(t.deps, { web: webApp(options.web, t.deps.logger) });
    }
    for (const [name, options] of Object.entries<CreateUserOptions>(people)) {
      Object.assign(t, { [name]: await createUser(opened.db, options) });
    }
  });
  afterAll(() => close());
  return t;
}

/**
 * `describe.each` over the contract engines, PGlite, Postgres and workerd (`"<title> on $name"`, skipped loudly
 * where the engine is absent), each suite getting its own app under test.
 */
export async function describeOnEngines<P extends string = never>(
  title: string,
  people: Record<P, CreateUserOptions>,
  body: (t: AppUnderTest<P>) => void,
  options: SuiteOptions = {},
): Promise<void> {
  const engines = await contractEngines();
  describe.each(engines)(`${title} on $name`, (engine) => {
    describe.skipIf(!engine.available)('', () => {
      body(openAppUnderTest(engine, people, options));
    });
  });
}
