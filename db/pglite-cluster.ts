import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Settings on top of PGlite's own start parameters (docs/decisions/0005-embedded-database.md).
 * Postgres zeroes its shared buffers at start, so the 128 MB default costs 128 MB of resident
 * memory before the first query; a blog's working set fits in 16 MB, and the host's page cache
 * sits under it (PGlite reads its files through Node's fs).
 */
export const pgliteSettings = ['shared_buffers=16MB', 'max_connections=8', 'wal_buffers=512kB'];

const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const pgliteRoot = resolve(dirname(pgliteEntry), '..');
const pgliteVersion = (JSON.parse(readFileSync(join(pgliteRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Where the one cluster this installation copies from lives: it depends only on PGlite's version. */
export const pgliteTemplateDir = resolve(pgliteRoot, '..', '..', '.cache', 'edgepress', `pglite-${pgliteVersion}`);

const isCluster = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/**
 * Runs PGlite's initdb into `target` in a process of its own: initdb leaves ~450 MB of WebAssembly
 * memory behind that a long-running server must not carry.
 */
function initdbInChildProcess(target: string) {
  const script = `const { PGlite } = await import(${JSON.stringify(pathToFileURL(pgliteEntry).href)});
const db = await PGlite.create(${JSON.stringify(target)}); await db.close();`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`PGlite initdb failed: ${result.stderr || result.error?.message}`);
}

/** Makes the template cluster if this installation has none yet (npm install makes it ahead of time). */
export function ensurePgliteTemplate(): string {
  if (isCluster(pgliteTemplateDir)) return pgliteTemplateDir;
  // Built beside its final place and renamed, so that a concurrent start never copies half a cluster.
  const building = `${pgliteTemplateDir}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  initdbInChildProcess(building);
  try {
    renameSync(building, pgliteTemplateDir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!isCluster(pgliteTemplateDir)) throw error;
  }
  return pgliteTemplateDir;
}

/**
 * Gives `dataDir` a cluster: an existing one is kept; a new one is a copy of the template, which
 * takes a fraction of a second where initdb takes seconds. Returns whether the cluster is new.
 */
export function preparePgliteDataDir(dataDir: string): boolean {
  if (isCluster(dataDir)) return false;
  const template = ensurePgliteTemplate();
  mkdirSync(dirname(dataDir), { recursive: true });
  cpSync(template, dataDir, { recursive: true });
  return true;
}
