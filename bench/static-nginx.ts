import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nginxBinary, runNginx } from '../test/support/nginx';
import { freePort, type StartedProcess, waitForOk } from '../test/support/processes';

export interface StaticNginx {
  url: string;
  process: StartedProcess;
  stop(): Promise<void>;
}

/**
 * The baseline: Debian's nginx, one worker (as the Node target is one process), plain HTTP,
 * serving `body` as the static file `fileName` (its type from the extension). With `gzipStatic`
 * a .gz of it lies beside it, which nginx sends as it is to clients that accept gzip.
 */
export async function startStaticNginx(
  body: Uint8Array,
  { fileName = 'post.json', gzipStatic = false } = {},
): Promise<StaticNginx> {
  if (!nginxBinary) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-bench-nginx-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  writeFileSync(join(root, fileName), body);
  if (gzipStatic) writeFileSync(join(root, `${fileName}.gz`), gzipSync(body, { level: 9 }));
  const port = await freePort();
  const process = runNginx(
    dir,
    dir,
    `  sendfile on;
  keepalive_requests 100000;${gzipStatic ? '\n  gzip_static on;' : ''}
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }`,
  );
  const url = `http://127.0.0.1:${port}/${fileName}`;
  await waitForOk(url, process, 10_000);
  return { url, process, stop: () => process.stop('SIGQUIT') };
}
