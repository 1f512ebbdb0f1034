import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpsRequest } from '../test/support/https-client';
import { type RunningNginx, startNginx } from '../test/support/nginx';
import { freePort } from '../test/support/processes';

/** Generous enough that no benchmark connection is ever limited; production's are 30r/s burst 50. */
export const relaxedRates = { api: '100000r/s', apiBurst: '100000', auth: '100000r/m', authBurst: '100000' };

export interface ProxyNginx {
  nginx: RunningNginx;
  origin: string;
  /** The post's bytes as a static file inside the same server block (same TLS, same headers snippet). */
  staticUrl: string;
  /** X-Cache-Status of a few consecutive reads of `path`: the micro-cache works when it says HIT. */
  cacheStatuses(path: string): Promise<string[]>;
}

/** The project's nginx config (rendered by the test helper) in front of `apiPort`, with relaxed zones. */
export async function startProxyNginx(apiPort: number, postBytes: Uint8Array): Promise<ProxyNginx> {
  const webRoot = mkdtempSync(join(tmpdir(), 'edgepress-bench-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>bench</title>');
  writeFileSync(join(webRoot, 'post.json'), postBytes);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const nginx = await startNginx({ apiPorts: [apiPort], httpPort, httpsPort, webRoot, rates: relaxedRates });
  const origin = `https://127.0.0.1:${httpsPort}`;
  return {
    nginx,
    origin,
    staticUrl: `${origin}/post.json`,
    async cacheStatuses(path) {
      const statuses: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await httpsRequest(`${origin}${path}`, nginx.certificate);
        statuses.push(String(response.headers['x-cache-status'] ?? 'none'));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return statuses;
    },
  };
}
