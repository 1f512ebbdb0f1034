import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import { users } from '#db/schema';
import type { Database } from '#db/types';
import { type TestEngine, testEngines } from '#test/postgres';
import { type CreatedUser, type CreateUserOptions, createUser } from './factories';
import { call, postsApp } from './post-factories';

type PostsApp = Awaited<ReturnType<typeof postsApp>>;

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
    Object.assign(t, { db: opened.db }, await postsApp(opened.db));
    for (const [name, options] of Object.entries<CreateUserOptions>(people)) {
      Object.assign(t, { [name]: await createUser(opened.db, options) });
    }
  });
  afterAll(() => close());
  return t;
}

/**
 * `describe.each` over PGlite and Postgres (`"<title> on $name"`, skipped loudly where the engine is absent), each
 * suite getting its own app under test.
 */
export async function describeOnEngines<P extends string = never>(
  title: string,
  people: Record<P, CreateUserOptions>,
  body: (t: AppUnderTest<P>) => void,
): Promise<void> {
  const engines = await testEngines();
  describe.each(engines)(`${title} on $name`, (engine) => {
    describe.skipIf(!engine.available)('', () => {
      body(openAppUnderTest(engine, people));
    });
  });
}
