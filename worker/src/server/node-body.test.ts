import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps, testConfig } from '#test/deps';
import { createPgliteDatabase } from '#test/postgres';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { createApp } from '../app';
import { type RunningServer, startNodeServer } from './node-server';

// JSON bodies on Node are read from the socket stream (middleware/node-body.ts), not through a web Request.
describe('JSON request bodies on the Node server', () => {
  let handle: DbHandle;
  let server: RunningServer;
  const post = (body: string, type = 'application/json') =>
    fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': type }, body });
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    handle = await createPgliteDatabase();
    const app = createApp(await createTestDeps(handle.db));
    server = await startNodeServer({
      app,
      host: '127.0.0.1',
      port: 0,
      logger: createJsonLogger('error'),
    });
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it('reads a valid body, in as many chunks as it comes', async () => {
    const response = await post(
      JSON.stringify({ email: 'streamed@example.test', username: 'streamed', password: 'a-long-enough-password' }),
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { user: { username: string } }).user.username).toBe('streamed');
  });

  it('answers malformed JSON with 400, another type with 415 and an oversized body with 413', async () => {
    const malformed = await post('{"email": ');
    expect([malformed.status, await codeOf(malformed)]).toEqual([400, 'invalid_json']);
    const text = await post('email=a', 'text/plain');
    expect([text.status, await codeOf(text)]).toEqual([415, 'unsupported_media_type']);
    const huge = await post(JSON.stringify({ email: 'x'.repeat(testConfig.bodyLimitBytes) }));
    expect([huge.status, await codeOf(huge)]).toEqual([413, 'payload_too_large']);
  });
});
