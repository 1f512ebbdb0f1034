import { afterAll, beforeAll } from 'vitest';
import type { Database } from '#db/types';
import { createSmtpMailer } from '#worker/adapters/node/smtp-mailer';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { type App, createApp } from '#worker/app';
import type { Deps } from '#worker/ports';
import { createTestDeps } from './deps';
import { type MailSink, startMailSink } from './mail-sink';
import type { TestEngine } from './postgres';
import { type Answerer, testClient } from './requests';

export interface EngineApp {
  db: Database;
  deps: Deps;
  app: Answerer;
  client: ReturnType<typeof testClient>;
  /** Set only when the app was asked to mail (`mail` option). */
  sink: MailSink;
}

export interface EngineAppOptions {
  /** Send the app's mail over SMTP to a local sink the test reads. */
  mail?: boolean | { rejectRecipients?: string[]; rejectMessagesTo?: string[] };
  deps?: Partial<Deps>;
  /** How to build the app from the database; the plain test deps otherwise. */
  build?: (db: Database, overrides: Partial<Deps>) => Promise<{ app: App; deps: Deps }>;
}

const plainApp = async (db: Database, overrides: Partial<Deps>) => {
  const deps = await createTestDeps(db, overrides);
  return { app: createApp(deps), deps };
};

/** Opens the engine's database and the app over it before the suite, and closes both after; fields fill in beforeAll. */
export function appOnEngine(engine: TestEngine, options: EngineAppOptions = {}): EngineApp {
  const context = {} as EngineApp;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const overrides = { ...options.deps };
    if (options.mail) {
      context.sink = await startMailSink(options.mail === true ? {} : options.mail);
      overrides.mailer = createSmtpMailer(context.sink.url, createJsonLogger('error'));
    }
    const opened = await engine.open({ smtpUrl: context.sink?.url, config: options.deps?.config });
    context.db = opened.db;
    close = opened.close;
    const built = await (options.build ?? plainApp)(context.db, { ...overrides, ...opened.edge?.deps });
    context.deps = built.deps;
    const { edge } = opened;
    if (edge) {
      // "Mail settled" covers what the Worker sends after its answers too.
      const settledHere = built.deps.mail.settled;
      built.deps.mail = {
        ...built.deps.mail,
        settled: async () => {
          await settledHere();
          await edge.mailSettled();
        },
      };
    }
    // On workerd the Worker answers; the suite's own services share its cache, rooms and mail.
    context.app = opened.edge?.app ?? built.app;
    context.client = testClient(context.app);
  });
  afterAll(async () => {
    if (options.mail) {
      await context.deps.mail.settled();
      await context.sink.close();
    }
    await close();
  });
  return context;
}
