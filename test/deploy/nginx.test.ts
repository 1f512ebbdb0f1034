import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import PartySocket from 'partysocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseServerMessage, type ServerMessage } from '#realtime/protocol';
import { httpsRequest } from '../support/https-client';
import { nginxBinary, type RunningNginx, startNginx } from '../support/nginx';
import { type NodeApiCluster, startNodeApiCluster } from '../support/node-api-instances';
import { freePort } from '../support/processes';
import { postgresAvailable, redisAvailable } from '../support/services';

function nginxAvailable() {
  if (nginxBinary) return true;
  if (process.env.CI) throw new Error('nginx is required in CI (.ci/run installs it)');
  console.warn('\n!!! SKIPPING nginx tests: Debian nginx is not installed (apt-get install nginx) !!!\n');
  return false;
}

const ready = nginxAvailable() && (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!ready)('nginx in front of two Node API instances', () => {
  let cluster: NodeApiCluster;
  let nginx: RunningNginx;
  let https: string;
  let http: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    httpsRequest(`${https}${path}`, nginx.certificate, { headers });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    httpsRequest(`${https}${path}`, nginx.certificate, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    https = `https://127.0.0.1:${httpsPort}`;
    http = `http://127.0.0.1:${httpPort}`;
    // info: the instances' access log lines, which nginx's must join.
    cluster = await startNodeApiCluster(2, { PUBLIC_URL: https, LOG_LEVEL: 'info' });
    nginx = await startNginx({ apiPorts: cluster.ports, httpPort, httpsPort, webRoot: 'web/dist' });
  }, 600_000);

  afterAll(async () => {
    await nginx?.stop();
    await cluster?.stop();
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const res = await fetch(`${http}/p/hello?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${https}/p/hello?x=1`);
  });

  it('serves the app over TLS with HSTS and the security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.text()).toContain('<div id="root">');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
  });

  it('answers every app path with the app, 404 for a post nobody wrote, and caches hashed assets forever', async () => {
    const page = await get('/p/some-post-slug');
    expect(page.status).toBe(404);
    expect(page.text()).toContain('<div id="root">');
    expect((await get('/settings')).status).toBe(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.text())?.[1] as string;
    const js = await get(asset, { 'accept-encoding': 'gzip' });
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.body).length).toBeGreaterThan(js.body.length);
  });

  it('proxies an API round trip without rewriting paths', async () => {
    const registered = await post('/api/auth/register', {
      email: 'nginx@example.com',
      username: 'nginxer',
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(201);
    const { accessToken } = registered.json();
    const me = await get('/api/users/me', { authorization: `Bearer ${accessToken}` });
    expect(me.status).toBe(200);
    expect(me.json().user.username).toBe('nginxer');
    const missing = await get('/api/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('logs each request as one JSON line carrying the id the API logged for it', async () => {
    const miss = await get('/api/tags?log=1');
    const hit = await get('/api/tags?log=1');
    expect(hit.headers['x-cache-status']).toBe('HIT');
    let lines: Record<string, unknown>[] = [];
    // nginx writes its buffer out at least once a second.
    for (let i = 0; i < 50 && lines.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const log = existsSync(join(nginx.dir, 'access.log')) ? readFileSync(join(nginx.dir, 'access.log'), 'utf8') : '';
      lines = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.uri === '/api/tags?log=1');
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      status: 200,
      cache: 'MISS',
      requestId: miss.headers['x-request-id'],
    });
    expect(lines[0]?.requestId).toMatch(/^[0-9a-f]{32}$/);
    const apiLines = cluster.instances.flatMap((instance) => instance.output().split('\n'));
    expect(apiLines.filter((line) => line.includes(`"requestId":"${lines[0]?.requestId}"`))).not.toHaveLength(0);
    expect(lines[1]).toMatchObject({ status: 200, cache: 'HIT', requestId: '' });
    expect(typeof lines[0]?.seconds).toBe('number');
  });

  it('micro-caches anonymous reads and bypasses the cache for signed-in readers', async () => {
    const login = await post('/api/auth/login', { email: 'nginx@example.com', password: 'correct horse battery' });
    const { accessToken } = login.json();
    const created = await post(
      '/api/posts',
      { title: 'Cached through nginx', body: 'Hello', status: 'published' },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(created.status).toBe(201);
    const path = `/api/posts/${created.json().post.slug}`;
    const first = await get(path);
    const second = await get(path);
    expect(first.status).toBe(200);
    expect(second.headers['x-cache-status']).toBe('HIT');
    expect(second.text()).toBe(first.text());
    // A hit was not made for this request: it names no log line; what the API answered names its own.
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(second.headers['x-request-id']).toBeUndefined();
    expect(second.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const personal = await get(path, { authorization: `Bearer ${accessToken}` });
    expect(personal.headers['x-cache-status']).toBe('BYPASS');
    expect(personal.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(personal.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(personal.json().post.likedByMe).toBe(false);
  });

  it('gives a post page its own head and crawlers the sitemap, on the public origin', async () => {
    const login = await post('/api/auth/login', { email: 'nginx@example.com', password: 'correct horse battery' });
    const created = await post(
      '/api/posts',
      { title: 'Shared through nginx', body: 'A preview worth reading.', status: 'published' },
      { authorization: `Bearer ${login.json().accessToken}` },
    );
    const { slug } = created.json().post;
    const page = await get(`/p/${slug}`);
    expect(page.status).toBe(200);
    expect(page.text()).toContain('<title>Shared through nginx · Edgepress</title>');
    expect(page.text()).toContain(`<meta property="og:url" content="${https}/p/${slug}" />`);
    // Set once, by the instance: not again by nginx.
    expect(String(page.headers['content-security-policy']).match(/default-src/g)).toHaveLength(1);
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=\d+[^,]*$/);
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    const robots = await get('/robots.txt');
    expect(robots.text()).toContain(`Sitemap: ${https}/sitemap.xml`);
    const index = await get('/sitemap.xml');
    expect(index.status).toBe(200);
    expect(index.text()).toContain(`<loc>${https}/sitemaps/posts-1.xml</loc>`);
    const posts = await get('/sitemaps/posts-1.xml');
    expect(posts.text()).toContain(`<loc>${https}/p/${slug}</loc>`);
    expect((await get('/sitemaps/posts-1.xml')).headers['x-cache-status']).toBe('HIT');
  });

  it('micro-caches rendered reader pages per encoding, and lets signed-in browsers through', async () => {
    const login = await post('/api/auth/login', { email: 'nginx@example.com', password: 'correct horse battery' });
    const created = await post(
      '/api/posts',
      { title: 'Rendered through nginx', body: 'Every word. '.repeat(200), status: 'published' },
      { authorization: `Bearer ${login.json().accessToken}` },
    );
    const path = `/p/${created.json().post.slug}`;
    const first = await get(path, { 'accept-encoding': 'gzip, br' });
    const second = await get(path, { 'accept-encoding': 'gzip, br' });
    expect(second.headers['x-cache-status']).toBe('HIT');
    expect(second.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(second.body).toString();
    expect(html).toBe(brotliDecompressSync(first.body).toString());
    expect(html).toContain('<h1>Rendered through nginx</h1>');
    const gzip = await get(path, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(html);
    const signedIn = await get(path, { 'accept-encoding': 'gzip, br', cookie: 'signed_in=1' });
    expect(signedIn.headers['x-cache-status']).toBe('BYPASS');
    expect(signedIn.status).toBe(200);
  });

  it('carries a partysocket WebSocket round trip to a post room', async () => {
    const login = await post('/api/auth/login', { email: 'nginx@example.com', password: 'correct horse battery' });
    const { accessToken } = login.json();
    const created = await post(
      '/api/posts',
      { title: 'Live through nginx', body: 'Hi', status: 'published' },
      { authorization: `Bearer ${accessToken}` },
    );
    const { id, slug } = created.json().post;
    const ca = nginx.certificate;
    class TlsWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const messages: ServerMessage[] = [];
    const socket = new PartySocket({
      host: https.replace('https://', ''),
      protocol: 'wss',
      party: 'post',
      room: id,
      WebSocket: TlsWebSocket,
      maxRetries: 0,
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      const message = parseServerMessage(String(event.data));
      if (message) messages.push(message);
    });
    const until = async (predicate: () => boolean) => {
      for (let i = 0; i < 100 && !predicate(); i++) await new Promise((r) => setTimeout(r, 100));
      return predicate();
    };
    expect(await until(() => messages.some((m) => m.type === 'presence'))).toBe(true);
    const comment = await post(
      `/api/posts/${slug}/comments`,
      { body: 'Through the proxy' },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(comment.status).toBe(201);
    expect(await until(() => messages.some((m) => m.type === 'comment.created'))).toBe(true);
    socket.close();
  });

  it('answers 429 JSON past the auth zone while refresh is unaffected', async () => {
    const attempts = [];
    for (let i = 0; i < 8; i++)
      attempts.push(await post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong password here' }));
    const limited = attempts.filter((res) => res.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.json().error.code).toBe('rate_limited');
    for (let i = 0; i < 8; i++) {
      const refresh = await post('/api/auth/refresh', { refreshToken: 'not-a-real-token' });
      expect(refresh.status).toBe(401);
    }
  });

  it('refuses /metrics from outside, while the instance serves it', async () => {
    expect((await get('/metrics')).status).toBe(404);
    const direct = await fetch(`http://127.0.0.1:${cluster.ports[0]}/metrics`);
    expect(await direct.text()).toContain('edgepress_http_requests_total');
  });
});
