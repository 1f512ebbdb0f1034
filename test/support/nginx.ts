import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type StartedProcess, startProcess } from './processes';

export const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

const templatePath = resolve('deploy/nginx/templates/edgepress.conf.template');

/** Substitutes the template's ${UPPER_CASE} names, as the nginx image's envsubst does; all must be given. */
export function renderNginxTemplate(vars: Record<string, string>): string {
  const rendered = readFileSync(templatePath, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`nginx template variable ${name} has no value`);
    return value;
  });
  return rendered;
}

export interface NginxOptions {
  apiPorts: number[];
  httpPort: number;
  httpsPort: number;
  webRoot: string;
  /** Relaxed zones for benchmarks; the defaults are production's. */
  rates?: { api: string; apiBurst: string; auth: string; authBurst: string };
}

export interface RunningNginx {
  dir: string;
  certificate: string;
  process: StartedProcess;
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl, as `dir/<files>`. */
export function selfSignedCertificate(dir: string, files = { cert: 'cert.pem', key: 'key.pem' }) {
  const cert = join(dir, files.cert);
  const key = join(dir, files.key);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * Writes `dir/nginx.conf` (one foreground worker, pid and error log in `dir`, temp files in `temp`, `http` appended
 * to its http block), checks it, and runs Debian's nginx on it.
 */
export function runNginx(dir: string, temp: string, http: string): StartedProcess {
  if (!nginxBinary) throw new Error('nginx is not installed');
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
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${http}
}
`,
  );
  execFileSync(nginxBinary, ['-t', '-q', '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  return startProcess(nginxBinary, ['-c', join(dir, 'nginx.conf')], {});
}

/** Runs Debian's nginx in the foreground with the project's rendered config. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  if (!nginxBinary) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'edgepress-nginx-'));
  for (const sub of ['cache', 'acme', 'temp']) mkdirSync(join(dir, sub));
  const { cert, key } = selfSignedCertificate(dir);
  // A snapshot: a web build running elsewhere in the tree must not empty the root under nginx.
  const webRoot = join(dir, 'web');
  cpSync(options.webRoot, webRoot, { recursive: true });
  const rates = options.rates ?? { api: '30r/s', apiBurst: '50', auth: '5r/m', authBurst: '5' };
  const site = renderNginxTemplate({
    SERVER_NAME: 'localhost 127.0.0.1',
    API_SERVERS: options.apiPorts.map((port) => `server 127.0.0.1:${port};`).join(' '),
    HTTP_PORT: String(options.httpPort),
    HTTPS_PORT: String(options.httpsPort),
    HTTPS_ORIGIN: `https://127.0.0.1:${options.httpsPort}`,
    TLS_CERT: cert,
    TLS_KEY: key,
    SNIPPETS_DIR: resolve('deploy/nginx/snippets'),
    WEB_ROOT: webRoot,
    ACME_ROOT: join(dir, 'acme'),
    CACHE_DIR: join(dir, 'cache'),
    CLIENT_MAX_BODY_SIZE: '6m',
    API_RATE: rates.api,
    API_BURST: rates.apiBurst,
    AUTH_RATE: rates.auth,
    AUTH_BURST: rates.authBurst,
    ACCESS_LOG: join(dir, 'access.log'),
  });
  writeFileSync(join(dir, 'edgepress.conf'), site);
  const process = runNginx(
    dir,
    join(dir, 'temp'),
    `  default_type application/octet-stream;
  include ${dir}/edgepress.conf;`,
  );
  await waitForPort(options.httpsPort);
  return {
    dir,
    certificate: readFileSync(cert, 'utf8'),
    process,
    // Its cache and access log can be hundreds of megabytes after a benchmark.
    stop: async () => {
      await process.stop('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number) {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => done(socket.destroy() !== undefined));
      socket.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port}`);
}
