import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary } from '../test/support/nginx';
import { freePort } from '../test/support/processes';
import { postgresAvailable, redisAvailable } from '../test/support/services';

/**
 * The browser suites: all of them on the embedded target; those whose behaviour depends on what the
 * self-host Node target puts under the app (PostgreSQL, Redis) on that target too; the reader's
 * (reading without script, hydrating cleanly, comments arriving live) also on the Node target behind
 * nginx and on the edge target run locally, which take longest to start. Chromium comes from Debian
 * (never downloaded); without it, or without PostgreSQL and Redis for the other targets, the suite
 * is skipped with a loud line outside CI and fails in CI.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function skip(reason: string): void {
  if (process.env.CI) throw new Error(`e2e: ${reason}, which CI requires`);
  console.warn(`\n!!! SKIPPING end-to-end tests: ${reason} !!!\n`);
}

const readerSpecs = ['reader-pages.spec.ts'];

/**
 * On the Node target, the specs that exercise what differs from the embedded one. Its rooms reach
 * each other through Redis (live: presence, typing, comments, likes; reader-pages: comments arriving
 * live); its cache, which publishing must retire, is Redis (publish: the new post on the home page at
 * once; reader-pages); its limits are Redis (account-mail: password reset, which fails closed
 * without them); and PostgreSQL runs transactions side by side where PGlite's one connection takes
 * them in turn (session: two tabs rotating one refresh token at once; account-mail: the mail queue).
 * The others (a11y, body-images, phone-bytes, reading, screenshots, writing) drive the same web
 * build, rendering, disk media store and SQL in turn, which the embedded run covers.
 */
const nodeSpecs = [
  'account-mail.spec.ts',
  'live.spec.ts',
  'publish.spec.ts',
  'reader-pages.spec.ts',
  'session.spec.ts',
];

/** A web build of the run's own (web/dist belongs to whoever works in this tree), made once for several targets. */
function buildWeb(env: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-e2e-web-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outDir = join(dir, 'dist');
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', ...env } },
  );
  return outDir;
}

function runPlaywright(
  target: 'embedded' | 'node' | 'nginx' | 'edge',
  env: Record<string, string>,
  specs: string[] = [],
): boolean {
  console.log(`\ne2e: Playwright on the ${target} target`);
  const result = spawnSync('npx', ['playwright', 'test', '--config', 'web/e2e/playwright.config.ts', ...specs], {
    stdio: 'inherit',
    env: { ...process.env, ...env, E2E_TARGET: target },
  });
  return result.status === 0;
}

async function main() {
  if (!existsSync(chromium)) return skip(`Chromium is not installed at ${chromium} (apt-get install chromium)`);
  const web = { E2E_WEB_DIST: buildWeb() };
  let ok = runPlaywright('embedded', web);
  if ((await postgresAvailable()) && (await redisAvailable())) {
    ok = runPlaywright('node', web, nodeSpecs) && ok;
    if (nginxBinary) ok = runPlaywright('nginx', web, readerSpecs) && ok;
    else skip('nginx is not installed (apt-get install nginx)');
    // The edge build names the rooms' origin, as a deployment's does (partykit dev here).
    const roomsPort = String(await freePort());
    const edgeWeb = buildWeb({ VITE_REALTIME_URL: `http://127.0.0.1:${roomsPort}` });
    ok = runPlaywright('edge', { E2E_WEB_DIST: edgeWeb, E2E_ROOMS_PORT: roomsPort }, readerSpecs) && ok;
  }
  if (!ok) process.exit(1);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
