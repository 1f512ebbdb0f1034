import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/factories';
import { nginxBinary, renderNginxTemplate, runNginx, selfSignedCertificate } from '../support/nginx';
import { createTestPost, postsApp } from '../support/post-factories';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { freePort, type StartedProcess } from '../support/processes';
import { postgresAvailable, postgresUrlBase } from '../support/services';
import { composeAvailable, composeServices, installedFolder, repo, type Service, serviceScript } from './compose-files';

// What compose's containers run, run here for real: the backup and restore services' scripts
// against PostgreSQL, and nginx's certificate step and template with compose's values.
const ready = composeAvailable();
let services: Record<string, Service>;
const work = mkdtempSync(join(tmpdir(), 'edgepress-compose-run-'));

beforeAll(() => {
  services = composeServices(installedFolder());
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runScript(service: string, env: Record<string, string>): string {
  return execFileSync('sh', ['-c', serviceScript(services[service])], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

describe.skipIf(!ready || !(await postgresAvailable()))('the backup and restore services', () => {
  let database: TestDatabase;
  const scratch = `ep_restore_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: `${postgresUrlBase}/postgres` });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    await admin(`drop database if exists ${scratch} with (force)`);
  });

  it('dumps the database and restores it into a scratch database with every post and user', async () => {
    const author = await createUser(database.handle.db);
    const { app } = await postsApp(database.handle.db);
    for (const title of ['First', 'Second']) await createTestPost(app, author, { title });
    const backups = join(work, 'backups');
    mkdirSync(backups);
    const pgEnv = { PGHOST: '127.0.0.1', PGUSER: 'postgres', BACKUP_DIR: backups };

    const written = runScript('backup', { ...pgEnv, PGDATABASE: new URL(database.url).pathname.slice(1) });
    const file = /backup written: .*\/(edgepress-\d{8}T\d{6}Z\.dump)/.exec(written)?.[1];
    expect(file, written).toBeDefined();

    const restored = runScript('restore', {
      ...pgEnv,
      PGDATABASE: 'postgres',
      BACKUP: file as string,
      RESTORE_DATABASE: scratch,
    });
    expect(restored).toContain(`restored into ${scratch}: 2 posts, 1 users`);
    const client = new pg.Client({ connectionString: `${postgresUrlBase}/${scratch}` });
    await client.connect();
    const titles = await client.query('select title from posts order by title').finally(() => client.end());
    expect(titles.rows.map((row) => row.title)).toEqual(['First', 'Second']);
  });
});

/** The SHA-256 fingerprint of the certificate a TLS server presents. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.end();
    });
    socket.once('error', reject);
  });
}

const fingerprintOf = (path: string) => new X509Certificate(readFileSync(path)).fingerprint256;

describe.skipIf(!ready || !nginxBinary)("nginx's image: certificate step and template with compose's values", () => {
  const tls = join(work, 'tls');
  const letsencrypt = join(work, 'letsencrypt');
  const certificateStep = (env: Record<string, string> = {}) =>
    execFileSync('sh', [join(repo, 'deploy/nginx/entrypoint/40-edgepress-certificate.sh')], {
      env: {
        PATH: process.env.PATH,
        SERVER_NAME: 'localhost',
        TLS_DIR: tls,
        LETSENCRYPT_DIR: letsencrypt,
        CERTIFICATE_WATCH: 'off',
        ...env,
      },
      encoding: 'utf8',
    });
  let nginx: StartedProcess;
  let httpsPort: number;

  beforeAll(async () => {
    httpsPort = await freePort();
    const environment = services.nginx?.environment ?? {};
    const site = renderNginxTemplate({
      ...(Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v ?? ''])) as Record<string, string>),
      // Container paths and ports, mapped to this machine; every other value is compose's own.
      SERVER_NAME: 'localhost',
      API_SERVERS: `server 127.0.0.1:${await freePort()};`,
      HTTP_PORT: String(await freePort()),
      HTTPS_PORT: String(httpsPort),
      TLS_CERT: join(tls, 'fullchain.pem'),
      TLS_KEY: join(tls, 'privkey.pem'),
      SNIPPETS_DIR: join(repo, 'deploy/nginx/snippets'),
      WEB_ROOT: join(work, 'web'),
      ACME_ROOT: join(work, 'acme'),
      CACHE_DIR: join(work, 'cache'),
      ACCESS_LOG: join(work, 'access.log'),
    });
    for (const sub of ['acme', 'cache', 'temp']) mkdirSync(join(work, sub), { recursive: true });
    mkdirSync(join(work, 'web'));
    writeFileSync(join(work, 'web/index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(work, 'site.conf'), site);
    expect(certificateStep()).toContain('a temporary self-signed one until certbot obtains it');
    nginx = runNginx(work, join(work, 'temp'), `  include ${join(work, 'site.conf')};`);
    for (let i = 0; i < 50 && !(await servedFingerprint(httpsPort).catch(() => '')); i++)
      await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => nginx?.stop('SIGQUIT'));

  it('renders every variable of the template from the nginx service environment', () => {
    const template = readFileSync(join(repo, 'deploy/nginx/templates/edgepress.conf.template'), 'utf8');
    const names = new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map(([, name]) => name));
    for (const name of names) expect(Object.keys(services.nginx?.environment ?? {}), name).toContain(name);
  });

  it('listens on IPv4 only where the container has IPv6 disabled, as Docker does by default', () => {
    const conf = join(work, 'ipv6');
    mkdirSync(conf);
    const site = readFileSync(join(work, 'site.conf'), 'utf8');
    writeFileSync(join(conf, 'edgepress.conf'), site);
    for (const [disabled, kept] of [
      ['1', false],
      ['0', true],
    ] as const) {
      writeFileSync(join(conf, 'disable_ipv6'), disabled);
      execFileSync('sh', [join(repo, 'deploy/nginx/entrypoint/30-edgepress-ipv6.sh')], {
        env: { PATH: process.env.PATH, NGINX_ENVSUBST_OUTPUT_DIR: conf, IPV6_SYSCTL: join(conf, 'disable_ipv6') },
      });
      const rendered = readFileSync(join(conf, 'edgepress.conf'), 'utf8');
      expect(rendered.includes('listen [::]:'), `disable_ipv6=${disabled}`).toBe(kept);
      expect(rendered).toMatch(/listen \d+ ssl http2;/);
      writeFileSync(join(conf, 'edgepress.conf'), site);
    }
  });

  it('serves HTTPS before any certificate exists, with a temporary self-signed one', async () => {
    expect(await servedFingerprint(httpsPort)).toBe(fingerprintOf(join(tls, 'self-signed.pem')));
  });

  it("switches to Let's Encrypt's certificate once certbot has written it", async () => {
    const live = join(letsencrypt, 'live/localhost');
    mkdirSync(live, { recursive: true });
    selfSignedCertificate(live, { cert: 'fullchain.pem', key: 'privkey.pem' });
    expect(certificateStep()).toContain("serving the Let's Encrypt certificate for localhost");
    // What the step's watch loop does on a change: nginx -s reload, i.e. SIGHUP to the master.
    process.kill(nginx.child.pid as number, 'SIGHUP');
    const expected = fingerprintOf(join(live, 'fullchain.pem'));
    let served = '';
    for (let i = 0; i < 50 && served !== expected; i++) {
      await new Promise((r) => setTimeout(r, 100));
      served = await servedFingerprint(httpsPort);
    }
    expect(served).toBe(expected);
  });
});
