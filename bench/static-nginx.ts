import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary, runNginx } from '../test/support/nginx';
import { freePort, type StartedProcess, waitForOk } from '../test/support/processes';

export interface StaticNginx {
  url: string;
  process: StartedProcess;
  stop(): Promise<void>;
}

/**
 * The baseline: Debian's nginx, one worker (as the Node target is one process), plain HTTP,
 * serving `body` as a static application/json file.
 */
export async function startStaticNginx(body: Uint8Array): Promise<StaticNginx> {
  if (!nginxBinary) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-bench-nginx-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  writeFileSync(join(root, 'post.json'), body);
  const port = await freePort();
  const process = runNginx(
    dir,
    dir,
    `  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }`,
  );
  const url = `http://127.0.0.1:${port}/post.json`;
  await waitForOk(url, process, 10_000);
  return { url, process, stop: () => process.stop('SIGQUIT') };
}
