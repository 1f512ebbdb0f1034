import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DbConfig } from './client';

/**
 * The database a command-line tool works on: DATABASE_URL when set (self-host, CI), else the
 * embedded PGlite under DATA_DIR, which a running `npm start` must not hold open at the same time.
 */
export function cliDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL;
  return url
    ? { driver: 'pg', url, max: 1 }
    : { driver: 'pglite', dataDir: resolve(env.DATA_DIR ?? '.data', 'pglite') };
}

/**
 * Reads .env into the environment when there is one, as `npm run start:node` does, so that the
 * command-line tools reach the same database; variables already set win. (`npm start` reads none.)
 */
export function loadDotEnvIfPresent(path = '.env') {
  if (existsSync(path)) process.loadEnvFile(path);
}
