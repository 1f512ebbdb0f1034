import { connect } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../adapters/shared/json-logger';
import { type RunningServer, serverTimeouts, startNodeServer } from './node-server';

/** Writes raw bytes to the server and reads everything it sends until it closes the socket. */
function rawExchange(port: number, send: string, endAfterSend = false): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('close', () => resolve({ text, ms: performance.now() - started }));
    socket.on('error', reject);
    socket.write(send);
    if (endAfterSend) socket.end();
  });
}

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

const slowApp = () =>
  new Hono().get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return c.json({ done: true });
  });

describe('the Node server before the app', () => {
  let running: RunningServer;
  let port: number;
  beforeAll(async () => {
    running = await startNodeServer({
      app: slowApp() as never,
      host: '127.0.0.1',
      port: 0,
      logger: createJsonLogger('error'),
    });
    port = Number(new URL(running.url).port);
  });
  afterAll(() => running.close());

  it('answers a 100 KB URL with 431 headers_too_large in the error shape', async () => {
    const { text } = await rawExchange(port, `GET /api/posts?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(text)).toEqual({
      error: { code: 'headers_too_large', message: expect.any(String), requestId: expect.any(String) },
    });
  });

  it('answers an unknown method with 400 bad_request in the error shape', async () => {
    const { text } = await rawExchange(port, 'FOO /api/posts HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(text).error.code).toBe('bad_request');
  });

  it('cuts a connection whose headers never end (slowloris) once the headers timeout passes', async () => {
    const { text, ms } = await rawExchange(port, 'GET /api/posts HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(text).error.code).toBe('request_timeout');
    expect(ms).toBeGreaterThanOrEqual(serverTimeouts.headersTimeout - 100);
    expect(ms).toBeLessThan(serverTimeouts.headersTimeout + 3 * serverTimeouts.connectionsCheckingInterval + 1000);
  }, 20_000);

  it('lets a request in flight finish when it is told to stop', async () => {
    const other = await startNodeServer({
      app: slowApp() as never,
      host: '127.0.0.1',
      port: 0,
      logger: createJsonLogger('error'),
    });
    const answer = fetch(`${other.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = other.close();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${other.url}/slow`)).rejects.toThrow();
  });
});
