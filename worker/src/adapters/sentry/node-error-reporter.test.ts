import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps } from '#test/deps';
import { createPgliteDatabase } from '#test/postgres';
import { createApp } from '#worker/app';
import { createNodeErrorReporter, flushNodeErrorReporter } from './node-error-reporter';

// A local stand-in for Sentry's ingest endpoint: it records every envelope the SDK sends.
const envelopes: string[] = [];
let sink: Server;
let handle: DbHandle;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.address() as { port: number }).port;
  handle = await createPgliteDatabase();
  const errorReporter = createNodeErrorReporter(`http://publickey@127.0.0.1:${port}/42`, 'test');
  app = createApp(await createTestDeps(handle.db, { errorReporter }));
  app.post('/api/explode', () => {
    throw new Error('database exploded');
  });
});

afterAll(async () => {
  await handle.close();
  sink.close();
});

describe('error reporting to Sentry', () => {
  it('sends an unexpected error with its request id and without credentials', async () => {
    const res = await app.request('/api/explode', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer secret-access-token',
        cookie: 'refresh_token=secret-refresh-token',
        'x-request-id': 'req-sentry-0001',
      },
      body: JSON.stringify({ password: 'hunter2-secret-password' }),
    });
    expect(res.status).toBe(500);
    expect(await flushNodeErrorReporter(5000)).toBe(true);
    const sent = envelopes.join('\n');
    expect(sent).toContain('database exploded');
    expect(sent).toContain('req-sentry-0001');
    expect(sent).not.toContain('secret-access-token');
    expect(sent).not.toContain('secret-refresh-token');
    expect(sent).not.toContain('hunter2-secret-password');
  });

  it('does not report client errors', async () => {
    const before = envelopes.length;
    expect((await app.request('/api/nope')).status).toBe(404);
    await flushNodeErrorReporter(2000);
    expect(envelopes.length).toBe(before);
  });
});
