// Rebuilds the server bundle or the web app when their sources are newer than the build (after a
// `git pull` or an edit): what `npm start` runs first, and what the tests run instead of always
// building. Plain JavaScript: it runs before anything is compiled. As a script it checks both.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const skipped = (name) => ['node_modules', 'dist', 'e2e'].includes(name) || /\.test\.tsx?$/.test(name);

/** The newest modification time under `paths` (files and folders, recursively). */
function newestMtime(paths) {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) continue;
    const children = readdirSync(path).filter((name) => !skipped(name));
    newest = Math.max(newest, newestMtime(children.map((name) => join(path, name))));
  }
  return newest;
}

function ensureBuilt(what, output, inputs, script, log) {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (builtAt > newestMtime(inputs)) return;
  const reason = builtAt ? 'its sources changed since the last build' : 'not built yet';
  log(`${what}: ${reason}; running npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error(`npm run ${script} failed (exit ${result.status}); fix the error above and try again`);
    process.exit(1);
  }
}

/** dist/server, from the server's sources. */
export function ensureServerBuilt(log = console.log) {
  ensureBuilt(
    'server',
    'dist/server/entry.embedded.js',
    // The server renders reader pages with the web app's own components (web/src/entry-server.tsx).
    ['worker/src', 'db', 'realtime/src', 'web/src', 'package.json', 'scripts/build-server.ts'],
    'build:server',
    log,
  );
}

/** web/dist, from the web app's sources and the server modules it imports at run time. */
export function ensureWebBuilt(log = console.log) {
  ensureBuilt(
    'web app',
    'web/dist/index.html',
    [
      'web/src',
      'web/public',
      'web/index.html',
      'web/vite.config.ts',
      'worker/src/schemas',
      'worker/src/services/content',
      'realtime/src',
    ],
    'build:web',
    log,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureServerBuilt();
  ensureWebBuilt();
}
