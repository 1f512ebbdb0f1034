import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nginxBinary } from '../test/support/nginx';
import { postgresAvailable, redisAvailable } from '../test/support/services';

/**
 * The browser suites: all of them on the embedded target and on the self-host Node target; the
 * reader's (reading without script, hydrating cleanly, comments arriving live) also on the Node
 * target behind nginx and on the edge target run locally, which take longest to start. Chromium
 * comes from Debian (never downloaded); without it, or without PostgreSQL and Redis for the other
 * targets, the suite is skipped with a loud line outside CI and fails in CI.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function skip(reason: string): void {
  if (process.env.CI) throw new Error(`e2e: ${reason}, which CI requires`);
  console.warn(`\n!!! SKIPPING end-to-end tests: ${reason} !!!\n`);
}

const readerSpecs = ['reader-pages.spec.ts'];

function runPlaywright(target: 'embedded' | 'node' | 'nginx' | 'edge', specs: string[] = []): boolean {
  console.log(`\ne2e: Playwright on the ${target} target`);
  const result = spawnSync('npx', ['playwright', 'test', '--config', 'web/e2e/playwright.config.ts', ...specs], {
    stdio: 'inherit',
    env: { ...process.env, E2E_TARGET: target },
  });
  return result.status === 0;
}

async function main() {
  if (!existsSync(chromium)) return skip(`Chromium is not installed at ${chromium} (apt-get install chromium)`);
  let ok = runPlaywright('embedded');
  if ((await postgresAvailable()) && (await redisAvailable())) {
    ok = runPlaywright('node') && ok;
    if (nginxBinary) ok = runPlaywright('nginx', readerSpecs) && ok;
    else skip('nginx is not installed (apt-get install nginx)');
    ok = runPlaywright('edge', readerSpecs) && ok;
  }
  if (!ok) process.exit(1);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
