import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { createTestDatabase } from '#test/postgres';
import { postgresAvailable, postgresUrlBase } from '#test/services';
import { createMailApiStandin } from '../../../tools/mail-api-standin/server';
import { startNeonWsProxy } from '../../../tools/neon-ws-proxy/proxy';
import { startImageLab } from './image-lab';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh, migrated database for the workerd suite; empty when Postgres is absent (tests skip). */
    databaseUrl: string;
    /** `host:port` of the neon ws proxy the Worker reaches Postgres through. */
    neonWsProxy: string;
    /** REALTIME_URL for the Worker: a sink standing in for PartyKit (see startRoomSink). */
    realtimeUrl: string;
    /** MAIL_API_URL for the Worker: tools/mail-api-standin, which lists what it took at GET /emails. */
    mailApiUrl: string;
    /** MAIL_WEBHOOK_SECRET for the Worker: the stand-in signs its bounce and complaint events with it. */
    mailWebhookSecret: string;
    /** The image lab (./image-lab.ts): test photos made and the Worker's variants decoded in Node. */
    imageLabUrl: string;
  }
}

/**
 * Stands in for the PartyKit rooms: accepts the Worker's publishes (`POST /parties/<party>/<room>`)
 * and lists what it received at `GET /received`, so tests can see what readers would be sent.
 */
async function startRoomSink() {
  const received: { room: string; authorized: boolean; event: unknown }[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const room = req.url?.replace(/^\/parties\//, '') ?? '';
      const authorized = /^Bearer .+/.test(req.headers.authorization ?? '');
      received.push({ room, authorized, event: JSON.parse(Buffer.concat(chunks).toString() || 'null') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** Runs in Node before workerd starts: the proxy and database the Worker under test will use. */
export const workersMailApiKey = 'workers-test-mail-key';
const workersMailWebhookSecret = `whsec_${Buffer.from('workers-test-mail-webhook-secret').toString('base64')}`;

export default async function setup(project: TestProject) {
  const sink = await startRoomSink();
  project.provide('realtimeUrl', sink.url);
  // No webhook URL: workerd listens on no port, so a test hands the signed event to the Worker itself.
  const mailApi = createMailApiStandin({ apiKey: workersMailApiKey, webhook: { secret: workersMailWebhookSecret } });
  project.provide('mailWebhookSecret', workersMailWebhookSecret);
  project.provide('mailApiUrl', `http://127.0.0.1:${(await mailApi.listen()).port}`);
  const imageLab = await startImageLab();
  project.provide('imageLabUrl', imageLab.url);
  if (!(await postgresAvailable())) {
    project.provide('databaseUrl', '');
    project.provide('neonWsProxy', '127.0.0.1:1');
    return async () => {
      sink.close();
      imageLab.close();
      await mailApi.close();
    };
  }
  const proxy = await startNeonWsProxy({ allow: [new URL(postgresUrlBase).host] });
  const database = await createTestDatabase('pg');
  project.provide('databaseUrl', database.url);
  project.provide('neonWsProxy', proxy.address);
  return async () => {
    sink.close();
    imageLab.close();
    await mailApi.close();
    await proxy.close();
    await database.drop();
  };
}
