import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxBinary } from '../test/support/nginx';
import { freePort, type StartedProcess, startProcess, waitForOk } from '../test/support/processes';

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
  writeFileSync(
    join(dir, 'nginx.conf'),
    `user root;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  execFileSync(nginxBinary, ['-t', '-q', '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  const process = startProcess(nginxBinary, ['-c', join(dir, 'nginx.conf')], {});
  const url = `http://127.0.0.1:${port}/post.json`;
  await waitForOk(url, process, 10_000);
  return { url, process, stop: () => process.stop('SIGQUIT') };
}
