import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '#test/postgres';
import { freePort, type StartedProcess, startProcess } from '#test/processes';
import { postgresUrlBase, redisUrl } from '#test/services';
import { createMailApiStandin } from '../../tools/mail-api-standin/server';
import { startNeonWsProxy } from '../../tools/neon-ws-proxy/proxy';
import { createUpstashRestProxy } from '../../tools/upstash-rest-proxy/server';

/**
 * The edge target for the e2e suite, run as `npm run dev:edge` runs it: `wrangler dev` serving the
 * whole site from the Worker and its assets (this run's own web build), `partykit dev` for the
 * rooms, and the local stand-ins for Neon, Upstash and the email API, on a fresh Postgres database.
 * Everything stops, and the database is dropped, when Playwright stops this process.
 */
const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`start-edge-target needs ${name}`);
  return value;
};

async function main() {
  const port = required('PORT');
  const roomsPort = required('E2E_ROOMS_PORT');
  const webDist = required('WEB_DIST');
  const dataDir = required('DATA_DIR');
  const database = await createTestDatabase();
  await database.handle.close();
  const neonProxy = await startNeonWsProxy({ port: await freePort(), allow: [new URL(postgresUrlBase).host] });
  // A database of its own on the shared Redis: the Worker's cache and limits start empty.
  const redisProxy = createUpstashRestProxy({
    redisUrl: `${redisUrl}/${1 + Math.floor(Math.random() * 15)}`,
    token: 'e2e-upstash-token',
  });
  const redisPort = await freePort();
  await redisProxy.listen(redisPort);
  const mailApi = createMailApiStandin({ apiKey: 'e2e-mail-key' });
  const mail = await mailApi.listen();

  const vars = {
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    NEON_WS_PROXY: neonProxy.address,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${redisPort}`,
    UPSTASH_REDIS_REST_TOKEN: 'e2e-upstash-token',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    REALTIME_SECRET: randomBytes(32).toString('base64url'),
    REALTIME_URL: `http://127.0.0.1:${roomsPort}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MAIL_API_URL: `http://127.0.0.1:${mail.port}`,
    MAIL_API_KEY: 'e2e-mail-key',
    LOG_LEVEL: 'warn',
    // The suite signs up a score of readers from one address in about a minute (see playwright.config.ts).
    RATE_LIMIT_REGISTER_IP: '200/60',
  };
  const varsFile = join(dataDir, 'edge.vars');
  writeFileSync(
    varsFile,
    Object.entries(vars)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const state = join(dataDir, 'wrangler-state');
  mkdirSync(state, { recursive: true });

  const env = { WRANGLER_SEND_METRICS: 'false' };
  const children: StartedProcess[] = [
    startProcess(
      'npx',
      [
        'wrangler',
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        port,
        '--env-file',
        varsFile,
        '--assets',
        webDist,
        '--persist-to',
        state,
        '--show-interactive-dev-session=false',
        '--log-level',
        'warn',
      ],
      env,
    ),
    startProcess(
      'npx',
      [
        'partykit',
        'dev',
        '--port',
        roomsPort,
        '--no-hotkeys',
        '--disable-request-cf-fetch',
        '--var',
        `REALTIME_SECRET=${vars.REALTIME_SECRET}`,
        '--var',
        `API_URL=http://127.0.0.1:${port}`,
      ],
      env,
    ),
  ];
  for (const child of children) {
    child.child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
  }

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => child.stop()));
    await Promise.all([neonProxy.close(), redisProxy.close(), mailApi.close()]);
    await database.drop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // One piece dying leaves a half-working stack that would fail tests for the wrong reason.
  for (const child of children) {
    child.child.once('exit', () => {
      if (!stopping) process.stderr.write(`edge target: a process exited:\n${child.output()}\n`);
      stop(1);
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
