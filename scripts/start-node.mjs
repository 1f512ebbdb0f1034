// `npm run start:node`: the self-host entry. Reads .env when there is one (variables already set in
// the environment win), then runs the compiled server, or says how to build it.
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
const entry = new URL('../dist/server/entry.node.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('The server is not built yet: run `npm run build` first (npm install also builds it).');
  process.exit(1);
}
await import(entry.href);
