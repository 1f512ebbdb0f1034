import type { TestProject } from 'vitest/node';
import { createTestDatabase } from '../../../test/support/postgres';
import { postgresAvailable, postgresUrlBase } from '../../../test/support/services';
import { startNeonWsProxy } from '../../../tools/neon-ws-proxy/proxy';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh, migrated database for the workerd suite; empty when Postgres is absent (tests skip). */
    databaseUrl: string;
    /** `host:port` of the neon ws proxy the Worker reaches Postgres through. */
    neonWsProxy: string;
  }
}

/** Runs in Node before workerd starts: the proxy and database the Worker under test will use. */
export default async function setup(project: TestProject) {
  if (!(await postgresAvailable())) {
    project.provide('databaseUrl', '');
    project.provide('neonWsProxy', '127.0.0.1:1');
    return;
  }
  const proxy = await startNeonWsProxy({ allow: [new URL(postgresUrlBase).host] });
  const database = await createTestDatabase('pg');
  project.provide('databaseUrl', database.url);
  project.provide('neonWsProxy', proxy.address);
  return async () => {
    await proxy.close();
    await database.drop();
  };
}
