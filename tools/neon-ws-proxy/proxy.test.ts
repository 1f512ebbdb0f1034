import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type NeonWsProxy, startNeonWsProxy } from './proxy';

let echo: Server;
let echoAddress: string;
let proxy: NeonWsProxy;

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const bound = echo.address();
  if (bound === null || typeof bound === 'string') throw new Error('echo server did not bind');
  echoAddress = `127.0.0.1:${bound.port}`;
  proxy = await startNeonWsProxy({ allow: [echoAddress] });
});

afterAll(async () => {
  await proxy.close();
  echo.close();
});

function open(path: string) {
  return new WebSocket(`ws://${proxy.address}${path}`);
}

/** Status of a WebSocket upgrade request that the proxy refuses. */
async function upgradeStatus(path: string): Promise<number> {
  const req = request(`http://${proxy.address}${path}`, {
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    },
  });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.resume();
  return res.statusCode ?? 0;
}

describe('neon ws proxy', () => {
  it('pipes binary frames to the allow-listed TCP target and back', async () => {
    const ws = open(`/v1?address=${echoAddress}`);
    await once(ws, 'open');
    const payload = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('SELECT 1')]);
    const received: Buffer[] = [];
    ws.on('message', (data) => received.push(data as Buffer));
    ws.send(payload);
    ws.send(Buffer.alloc(200_000, 7));
    await expect.poll(() => Buffer.concat(received).length).toBe(payload.length + 200_000);
    expect(Buffer.concat(received).subarray(0, payload.length)).toEqual(payload);
    ws.close();
  });

  it('refuses a target that is not allow-listed with 403', async () => {
    expect(await upgradeStatus('/v1?address=127.0.0.1:22')).toBe(403);
    expect(await upgradeStatus('/v1?address=169.254.169.254:80')).toBe(403);
  });

  it('answers 404 for any other path or a missing address', async () => {
    expect(await upgradeStatus(`/other?address=${echoAddress}`)).toBe(404);
    expect(await upgradeStatus('/v1')).toBe(404);
  });

  it('closes the WebSocket when the TCP side goes away', async () => {
    const closer = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
    const port = (closer.address() as { port: number }).port;
    const local = await startNeonWsProxy({ allow: [`127.0.0.1:${port}`] });
    const ws = new WebSocket(`ws://${local.address}/v1?address=127.0.0.1:${port}`);
    await once(ws, 'close');
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    await local.close();
    closer.close();
  });

  it('answers plain HTTP with 426', async () => {
    const res = await fetch(`http://${proxy.address}/v1?address=${echoAddress}`);
    expect(res.status).toBe(426);
  });
});
