// `npm start`. Plain JavaScript on purpose: it runs before anything is compiled. It checks that
// the compiled server and the web build are newer than their sources (npm install builds both),
// rebuilds what is not, then runs the compiled embedded entry in this same process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

function ensureBuilt(what, output, inputs, script) {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (builtAt > newestMtime(inputs)) return;
  const reason = builtAt ? 'its sources changed since the last build' : 'not built yet';
  console.log(`${what}: ${reason}; running npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error(`npm run ${script} failed (exit ${result.status}); fix the error above and run npm start again`);
    process.exit(1);
  }
}

ensureBuilt(
  'server',
  'dist/server/entry.embedded.js',
  ['worker/src', 'db', 'realtime/src', 'package.json', 'scripts/build-server.ts'],
  'build:server',
);
// A WEB_DIST of its own (the browser tests build one) is the caller's to keep current.
if (!process.env.WEB_DIST) {
  ensureBuilt(
    'web app',
    'web/dist/index.html',
    ['web/src', 'web/index.html', 'web/vite.config.ts', 'worker/src/schemas', 'realtime/src'],
    'build:web',
  );
}
await import('../dist/server/entry.embedded.js');
