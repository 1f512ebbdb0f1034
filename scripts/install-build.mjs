// npm's `prepare` step: after `npm install` in a checkout, build the web app and the server and make
// the embedded database template, so that the first `npm start` only has to start. Plain JavaScript:
// it also runs where there is nothing to build (the Dockerfile's dependency stages copy only
// package.json; `npm ci --omit=dev` has no build tools), and then says so and does nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('worker/src') || !existsSync('node_modules/.bin/vite')) {
  console.log('edgepress: no sources or build tools here; skipping the install-time build');
  process.exit(0);
}
const began = performance.now();
for (const [command, ...args] of [
  ['npm', 'run', '--silent', 'build:web'],
  ['npm', 'run', '--silent', 'build:server'],
  ['node', 'dist/server/pglite-template.js'],
]) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    // A broken build must not break `npm install`: `npm start` builds again and shows the error.
    console.warn(`edgepress: \`${[command, ...args].join(' ')}\` failed; npm start will try again`);
    process.exit(0);
  }
}
console.log(
  `edgepress: web app, server and embedded database built in ${((performance.now() - began) / 1000).toFixed(1)} s`,
);
