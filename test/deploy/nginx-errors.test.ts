import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../support/https-client';
import { nginxBinary, type RunningNginx, startNginx } from '../support/nginx';
import { freePort } from '../support/processes';

function nginxAvailable() {
  if (nginxBinary) return true;
  if (process.env.CI) throw new Error('nginx is required in CI (.ci/run installs it)');
  console.warn('\n!!! SKIPPING nginx error-page tests: Debian nginx is not installed (apt-get install nginx) !!!\n');
  return false;
}

const errorShape = (code: string) => ({
  error: { code, message: expect.any(String), requestId: expect.stringMatching(/^[0-9a-f]{32}$/) },
});

// nginx with no API instance behind it: every answer here is nginx's own.
describe.skipIf(!nginxAvailable())("nginx's own answers under /api", () => {
  let nginx: RunningNginx;
  let https: string;
  const webRoot = mkdtempSync(join(tmpdir(), 'edgepress-empty-web-'));

  beforeAll(async () => {
    const [httpPort, httpsPort, nobody] = [await freePort(), await freePort(), await freePort()];
    https = `https://127.0.0.1:${httpsPort}`;
    nginx = await startNginx({ apiPorts: [nobody], httpPort, httpsPort, webRoot });
  }, 60_000);
  afterAll(async () => {
    await nginx?.stop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers 503 service_unavailable with Retry-After, in the error shape, while no instance is up', async () => {
    const res = await httpsRequest(`${https}/api/posts`, nginx.certificate);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toContain('application/json');
    expect(JSON.parse(res.text())).toEqual(errorShape('service_unavailable'));
  });

  it('answers a URI over its limit with 414 in the error shape', async () => {
    const res = await httpsRequest(`${https}/api/posts?q=${'a'.repeat(20_000)}`, nginx.certificate);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.text())).toEqual(errorShape('uri_too_long'));
  });

  it('answers a body over client_max_body_size with 413 in the error shape', async () => {
    const res = await httpsRequest(`${https}/api/media`, nginx.certificate, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'x'.repeat(7 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text())).toEqual(errorShape('payload_too_large'));
  });
});
