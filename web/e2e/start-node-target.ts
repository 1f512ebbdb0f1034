import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '#test/postgres';

/**
 * The self-host target for the e2e suite: a fresh, migrated Postgres database, the Redis on
 * 127.0.0.1, and the Node entry (API, rooms and web/dist on one origin). The database is dropped
 * when Playwright stops the server.
 */
async function main() {
  const database = await createTestDatabase();
  await database.handle.close();
  const server = spawn(process.execPath, ['--import', 'tsx', 'worker/src/entry.node.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      REALTIME_SECRET: randomBytes(32).toString('base64url'),
    },
  });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.on('exit', async (code) => {
    await database.drop().catch(() => undefined);
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
