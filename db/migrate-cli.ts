import { mkdirSync } from 'node:fs';
import { cliDatabaseConfig, loadDotEnvIfPresent } from './cli-database';
import { createDb } from './client';
import { migrate } from './migrate';

/**
 * `npm run db:migrate`: DATABASE_URL when set (self-host, the compose migration job, CI), else the
 * embedded PGlite under DATA_DIR — which must not be open in a running `npm start` at the same time.
 * Like `npm run start:node`, it reads .env when there is one; variables already set win.
 */
async function main() {
  loadDotEnvIfPresent();
  const config = cliDatabaseConfig();
  // A fresh checkout has no DATA_DIR yet; PGlite does not create its parent folders.
  if (config.driver === 'pglite' && config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const handle = await createDb(config);
  try {
    await migrate(handle, process.env.MIGRATIONS_DIR);
    console.log(JSON.stringify({ level: 'info', msg: 'migrations applied', driver: config.driver }));
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', msg: 'migration failed', error: (error as Error).message }));
  process.exit(1);
});
