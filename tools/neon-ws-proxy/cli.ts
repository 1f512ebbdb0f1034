import { parseArgs } from 'node:util';
import { defaultAllowedTargets, startNeonWsProxy } from './proxy';

const usage = `Usage: tsx tools/neon-ws-proxy/cli.ts [--port 5433] [--host 127.0.0.1] [--allow 127.0.0.1:5432,...]

Lets @neondatabase/serverless (WebSocket mode) reach a local Postgres, as Neon's wsproxy does.
Environment: NEON_WS_PROXY_PORT, NEON_WS_PROXY_HOST, NEON_WS_PROXY_ALLOW.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.NEON_WS_PROXY_PORT ?? '5433' },
    host: { type: 'string', default: process.env.NEON_WS_PROXY_HOST ?? '127.0.0.1' },
    allow: { type: 'string', default: process.env.NEON_WS_PROXY_ALLOW ?? defaultAllowedTargets.join(',') },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a TCP port, got ${values.port}\n\n${usage}`);
  process.exit(2);
}

const allow = values.allow
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const proxy = await startNeonWsProxy({
  port,
  host: values.host,
  allow,
  log: (line) => console.log(JSON.stringify({ level: 'warn', msg: line, tool: 'neon-ws-proxy' })),
});
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'neon ws proxy listening',
    tool: 'neon-ws-proxy',
    address: proxy.address,
    allow,
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    proxy.close().then(() => process.exit(0));
  });
}
