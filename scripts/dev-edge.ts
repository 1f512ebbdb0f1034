import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrate } from '../db/migrate';
import { createMailApiStandin } from '../tools/mail-api-standin/server';
import { startNeonWsProxy } from '../tools/neon-ws-proxy/proxy';
import { createUpstashRestProxy } from '../tools/upstash-rest-proxy/server';
import { type Child, startChild, stopChildren } from './dev-edge/children';
import { portOf, readVarsFile } from './dev-edge/vars-file';
import { ensureWebBuilt } from './ensure-built.mjs';

const usage = `Usage: npm run dev:edge [-- --vars .dev.vars] [--vite] [--web-port 5173]

Runs the edge target locally against the Postgres and Redis on 127.0.0.1: the neon WebSocket proxy,
the Upstash REST proxy, \`wrangler dev\` (the whole site, as deployed: the API, the rendered reader
pages and the web build from its assets) and \`partykit dev\` (the rooms). The web build is made
first when missing or stale; rebuild with \`npm run build:web\` after changing the app, or pass
--vite for vite's dev server with hot reload on --web-port (client-rendered, in front of the Worker).
Ports and secrets come from the vars file (.dev.vars, else .dev.vars.example). Ctrl-C stops everything.`;

const { values } = parseArgs({
  options: {
    vars: { type: 'string' },
    'web-port': { type: 'string', default: '5173' },
    vite: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level: 'info', msg, tool: 'dev-edge', ...fields }));

function required(vars: Record<string, string>, name: string, file: string): string {
  const value = vars[name];
  if (!value) throw new Error(`${file} must set ${name} for dev:edge`);
  return value;
}

/** Creates the database named in DATABASE_URL when missing, then applies the migrations. */
async function prepareDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const handle = await createDb({ driver: 'pg', url, max: 1 });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
}

const varsFile = values.vars ?? (existsSync('.dev.vars') ? '.dev.vars' : '.dev.vars.example');
const vars = await readVarsFile(varsFile);
log('using vars', { file: varsFile });

const databaseUrl = required(vars, 'DATABASE_URL', varsFile);
const neonProxyAddress = required(vars, 'NEON_WS_PROXY', varsFile);
const upstashUrl = required(vars, 'UPSTASH_REDIS_REST_URL', varsFile);
const upstashToken = required(vars, 'UPSTASH_REDIS_REST_TOKEN', varsFile);
const realtimeSecret = required(vars, 'REALTIME_SECRET', varsFile);
const apiPort = portOf(vars.PUBLIC_URL ?? 'http://127.0.0.1:8787');
const roomsPort = portOf(vars.REALTIME_URL ?? 'http://127.0.0.1:1999');
const apiUrl = `http://127.0.0.1:${apiPort}`;

// wrangler refuses a missing [assets] directory, and the Worker serves this build; like a
// deployment's, it names where browsers join rooms (partykit dev), unless vite serves the pages.
ensureWebBuilt(console.log, values.vite ? '' : `http://127.0.0.1:${roomsPort}`);
await prepareDatabase(databaseUrl);
log('database migrated', { database: new URL(databaseUrl).pathname.slice(1) });

const neonProxy = await startNeonWsProxy({
  port: portOf(neonProxyAddress),
  allow: [`${new URL(databaseUrl).hostname}:${new URL(databaseUrl).port || '5432'}`],
});
const redisProxy = createUpstashRestProxy({
  redisUrl: vars.REDIS_URL ?? 'redis://127.0.0.1:6379',
  token: upstashToken,
});
await redisProxy.listen(portOf(upstashUrl));
// A local MAIL_API_URL means the email API stand-in (ADR 0111); with SMTP_URL it relays to e.g. Mailpit.
const mailApi =
  vars.MAIL_API_URL && vars.MAIL_API_KEY && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(vars.MAIL_API_URL)
    ? createMailApiStandin({ apiKey: vars.MAIL_API_KEY, smtpUrl: vars.SMTP_URL })
    : undefined;
if (mailApi && vars.MAIL_API_URL) await mailApi.listen(portOf(vars.MAIL_API_URL));
log('proxies listening', {
  neon: neonProxy.address,
  upstash: upstashUrl,
  mailApi: mailApi ? vars.MAIL_API_URL : 'not local',
});

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const children: Child[] = [
  startChild(
    'wrangler',
    'npx',
    [
      'wrangler',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(apiPort),
      '--env-file',
      varsFile,
      '--show-interactive-dev-session=false',
      '--test-scheduled',
    ],
    env,
  ),
  startChild(
    'partykit',
    'npx',
    [
      'partykit',
      'dev',
      '--port',
      String(roomsPort),
      '--no-hotkeys',
      '--disable-request-cf-fetch',
      '--var',
      `REALTIME_SECRET=${realtimeSecret}`,
      '--var',
      `API_URL=${apiUrl}`,
    ],
    env,
  ),
];
if (values.vite) {
  const webPort = values['web-port'];
  children.push(
    startChild(
      'vite',
      'npx',
      ['vite', '--config', 'web/vite.config.ts', '--host', '127.0.0.1', '--port', webPort, '--strictPort'],
      {
        ...env,
        API_URL: apiUrl,
        // The browser joins rooms on partykit dev directly, as it would on PartyKit in production.
        VITE_REALTIME_URL: `http://127.0.0.1:${roomsPort}`,
      },
    ),
  );
}

// `wrangler dev` does not fire cron triggers; tick the scheduled handler as the every-minute cron would.
const cronTick = setInterval(() => {
  fetch(`${apiUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`).catch(() => {});
}, 60_000);

let stopping: Promise<void> | undefined;
function shutdown(code: number) {
  stopping ??= (async () => {
    log('stopping');
    clearInterval(cronTick);
    await stopChildren(children);
    await Promise.all([neonProxy.close(), redisProxy.close(), mailApi?.close()]);
    log('stopped');
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown(0));
// One piece dying leaves a half-working stack that misleads; stop all of it.
for (const child of children) {
  child.exited.then((code) => {
    if (stopping) return;
    log('a process exited; stopping the rest', { name: child.name, code });
    shutdown(code || 1);
  });
}
log('edge stack starting', {
  api: apiUrl,
  rooms: `http://127.0.0.1:${roomsPort}`,
  site: apiUrl,
  vite: values.vite ? `http://127.0.0.1:${values['web-port']}` : null,
});
