// Rebuilds the server bundle or the web app when their sources are newer than the build (after a
// `git pull` or an edit): the one freshness check, run by `npm start`, by vitest before any project
// loads (vitest.config.ts), by `npm run dev:edge` and by the tests that start a built server.
// Plain JavaScript: it runs before anything is compiled. As a script it checks both.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Whether `output` is missing or older than anything under `inputs`. */
const stale = (output, inputs) => !existsSync(output) || statSync(output).mtimeMs <= newestMtime(inputs);

function ensureBuilt(what, output, inputs, script, log, { env = {}, otherwise } = {}) {
  const reason = !existsSync(output)
    ? 'not built yet'
    : stale(output, inputs)
      ? 'its sources changed since the last build'
      : otherwise;
  if (!reason) return;
  log(`${what}: ${reason}; running npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // Under vitest NODE_ENV is `test`, which would make the web build a development build of React.
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
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

/**
 * What web/dist is made from: the whole web folder (the app, its build config and the helpers that
 * config imports; not dist, e2e or tests), and the server modules it imports at run time (schemas,
 * markdown); type-only imports leave nothing in the build.
 */
const webInputs = [
  'web',
  'import-aliases.ts',
  'worker/src/schemas',
  'worker/src/services/content',
  'package-lock.json',
];
/** Written last by vite, so its time says when the whole build finished. */
const webStamp = 'web/dist/.vite/manifest.json';

/** The rooms' origin the web build was made for (web/vite.config.ts writes it; none: the page's own). */
function builtForRooms() {
  const file = 'web/dist/.vite/build-env.json';
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).realtimeUrl ?? '') : '';
}

/**
 * web/dist when missing, stale, or made for other rooms. The Workers suite needs it before any test
 * runs (wrangler refuses a missing [assets] directory, and the Worker serves the build); when
 * nothing changed this costs a few stat calls. `realtimeUrl` is where browsers join rooms when they
 * are not on the page's own origin (PartyKit; `npm run dev:edge`'s partykit dev), as a deployment's
 * build names it (VITE_REALTIME_URL): a build for one origin is rebuilt when another is asked for.
 */
export function ensureWebBuilt(log = console.log, realtimeUrl = '') {
  const otherRooms = builtForRooms() !== realtimeUrl ? `it was built for other rooms` : undefined;
  ensureBuilt('web app', webStamp, webInputs, 'build:web', log, {
    env: { VITE_REALTIME_URL: realtimeUrl },
    otherwise: otherRooms,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureServerBuilt();
  ensureWebBuilt();
}
