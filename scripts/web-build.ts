import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the web build is made from: the app, and the server modules it imports (schemas, markdown, protocol). */
const inputs = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'worker/src/schemas',
  'worker/src/services/content',
  'realtime/src/protocol.ts',
  'package-lock.json',
];
/** Written last by vite, so its time says when the whole build finished. */
const stamp = 'web/dist/.vite/manifest.json';

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Whether web/dist is missing or older than anything it is built from. */
export function webBuildStale(root = '.'): boolean {
  const built = join(root, stamp);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((input) => newestChange(join(root, input)) > builtAt);
}

/**
 * Builds web/dist when it is missing or stale. The Workers suite needs it before any test runs
 * (wrangler refuses a missing [assets] directory, and the Worker serves the build), and a clean
 * clone has none; when nothing changed this costs a few stat calls, keeping `npm test` fast.
 */
export function ensureWebBuild(root = '.'): void {
  if (!webBuildStale(root)) return;
  console.log('building web/dist (missing or older than its sources)');
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // vitest runs with NODE_ENV=test, which would make this a development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
