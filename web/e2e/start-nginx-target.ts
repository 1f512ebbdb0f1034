import { randomBytes } from 'node:crypto';
import { startNginx } from '#test/nginx';
import { createTestDatabase } from '#test/postgres';
import { freePort, startProcess, waitForOk } from '#test/processes';
import { redisUrl } from '#test/services';

/**
 * The self-host target as deployed: the Node entry on a fresh Postgres database and the Redis on
 * 127.0.0.1, behind Debian's nginx running the project's config (deploy/nginx: HTTPS with a
 * self-signed certificate, the build's files from disk, the micro-cache in front of reader pages).
 * Everything stops, and the database is dropped, when Playwright stops this process.
 */
const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`start-nginx-target needs ${name}`);
  return value;
};

async function main() {
  const httpsPort = Number(required('PORT'));
  const webDist = required('WEB_DIST');
  const database = await createTestDatabase();
  await database.handle.close();
  const apiPort = await freePort();
  const server = startProcess(process.execPath, ['--import', 'tsx', 'worker/src/entry.node.ts'], {
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_URL: `https://127.0.0.1:${httpsPort}`,
    TRUST_PROXY: 'true',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    REALTIME_SECRET: randomBytes(32).toString('base64url'),
  });
  await waitForOk(`http://127.0.0.1:${apiPort}/api/health`, server, 120_000);
  const nginx = await startNginx({
    apiPorts: [apiPort],
    httpPort: await freePort(),
    httpsPort,
    webRoot: webDist,
    // Production's sign-in zone allows 5 a minute per address; the suite signs in more from one.
    rates: { api: '100r/s', apiBurst: '200', auth: '100r/m', authBurst: '50' },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // nginx's fast shutdown: a graceful one waits on open connections, and Playwright allows 10 s.
    await nginx.process.stop('SIGTERM');
    await Promise.all([nginx.stop(), server.stop()]);
    await database.drop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  for (const child of [server, nginx.process]) {
    child.child.once('exit', () => {
      if (!stopping) process.stderr.write(`nginx target: a process exited:\n${child.output()}\n`);
      stop(1);
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
