import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './support/node-api-instances';
import { freePort, type StartedProcess, startProcess, waitForOk } from './support/processes';
import { postgresAvailable, postgresUrlBase, redisAvailable, redisUrl } from './support/services';

// The commands as an operator runs them, from a folder holding a .env, with nothing else set.
const repo = resolve(import.meta.dirname, '..');
const startNode = join(repo, 'scripts/start-node.mjs');
const migrateCli = join(repo, 'dist/server/migrate-cli.js');
const folders: string[] = [];
const running: StartedProcess[] = [];

function folderWithEnv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-dotenv-'));
  folders.push(dir);
  writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
  return dir;
}

/** Runs a command to its end and returns its exit code and everything it printed. */
async function runToEnd(args: string[], cwd: string, env: Record<string, string> = {}) {
  const started = startProcess(process.execPath, args, env, { cwd, inherit: false });
  const code = await new Promise<number | null>((done) => started.child.once('exit', done));
  return { code, output: started.output() };
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: `${postgresUrlBase}/postgres` });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const services = (await postgresAvailable()) && (await redisAvailable());
const database = `ep_dotenv_${process.pid}`;

beforeAll(() => buildOnce(), 300_000);

afterAll(async () => {
  for (const process of running) await process.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  if (services) await adminQuery(`drop database if exists ${database} with (force)`);
});

describe('npm run start:node', () => {
  it('reads .env and reports every problem in it at once', async () => {
    const dir = folderWithEnv(['NODE_ENV=production', 'DATABASE_URL=', 'JWT_SECRET=change-me', 'PORT=eighty']);
    const { code, output } = await runToEnd([startNode], dir);
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration: 5 variables need attention');
    expect(output).toContain('DATABASE_URL is empty (an empty value counts as not set)');
    expect(output).toContain('REDIS_URL is missing');
    expect(output).toContain('JWT_SECRET must be a random secret of at least 32 characters in production');
    expect(output).toContain('REALTIME_SECRET is missing');
    expect(output).toContain('PORT is invalid');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('says to run npm run build when the server bundle is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgepress-unbuilt-'));
    folders.push(dir);
    mkdirSync(join(dir, 'scripts'));
    cpSync(startNode, join(dir, 'scripts/start-node.mjs'));
    const { code, output } = await runToEnd([join(dir, 'scripts/start-node.mjs')], dir);
    expect(code).toBe(1);
    expect(output).toContain('run `npm run build` first');
    expect(output).not.toContain('ERR_MODULE_NOT_FOUND');
  });

  it.skipIf(!services)(
    'migrates (the compiled db:migrate) and serves, configured by .env alone; the environment wins',
    async () => {
      await adminQuery(`create database ${database}`);
      const port = await freePort();
      const dir = folderWithEnv([
        `DATABASE_URL=${postgresUrlBase}/${database}`,
        `REDIS_URL=${redisUrl}/${1 + Math.floor(Math.random() * 15)}`,
        `JWT_SECRET=${'j'.repeat(40)}`,
        `REALTIME_SECRET=${'r'.repeat(40)}`,
        'HOST=127.0.0.1',
        `PORT=${port}`,
        'LOG_LEVEL=warn',
        // Set in the environment too: the environment wins over .env.
        'SITE_NAME=From the file',
      ]);
      const migrated = await runToEnd([migrateCli], dir);
      expect(migrated.output).toContain('migrations applied');
      expect(migrated.code).toBe(0);

      const server = startProcess(
        process.execPath,
        [startNode],
        { SITE_NAME: 'From the environment' },
        { cwd: dir, inherit: false },
      );
      running.push(server);
      await waitForOk(`http://127.0.0.1:${port}/api/health`, server, 60_000);
      const feed = await (await fetch(`http://127.0.0.1:${port}/api/atom/posts`)).text();
      expect(feed).toContain('From the environment');
    },
    120_000,
  );
});

describe('npm start (embedded)', () => {
  it('ignores a .env file, which is the self-host configuration', async () => {
    const port = await freePort();
    // Read, this file would stop the start: production refuses a short secret.
    const dir = folderWithEnv(['NODE_ENV=production', 'JWT_SECRET=short']);
    const server = startProcess(
      process.execPath,
      ['--liftoff-only', join(repo, 'dist/server/entry.embedded.js')],
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), SEED_DEMO: 'off' },
      { cwd: dir, inherit: false },
    );
    running.push(server);
    await waitForOk(`http://127.0.0.1:${port}/api/health`, server, 120_000);
  }, 180_000);
});

describe('npm run db:migrate (embedded)', () => {
  it('creates the embedded database in DATA_DIR from the template and migrates it, again and again', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'edgepress-migrate-')), 'data');
    folders.push(dirname(dataDir));
    for (let run = 0; run < 2; run++) {
      const migrate = startProcess('npm', ['run', 'db:migrate'], { DATA_DIR: dataDir }, { cwd: repo, inherit: false });
      const code = await new Promise<number | null>((done) => migrate.child.once('exit', done));
      expect(code, migrate.output()).toBe(0);
      expect(migrate.output()).toContain('"msg":"migrations applied","driver":"pglite"');
    }
    expect(existsSync(join(dataDir, 'pglite/PG_VERSION'))).toBe(true);
  }, 120_000);
});
