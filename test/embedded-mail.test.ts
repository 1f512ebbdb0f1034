import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from './support/mail-sink';
import { freePort, type StartedProcess, startProcess, waitForOk } from './support/processes';

// The embedded product (one process, PGlite under DATA_DIR) as `npm start` runs it, without demo content.
const dataDir = mkdtempSync(join(tmpdir(), 'edgepress-embedded-mail-'));
const webDist = join(dataDir, 'web');
let port: number;
let base: string;
let server: StartedProcess | undefined;
let sink: MailSink | undefined;

async function start(env: Record<string, string> = {}) {
  server = startProcess('npx', ['tsx', 'worker/src/entry.embedded.ts'], {
    DATA_DIR: dataDir,
    WEB_DIST: webDist,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'off',
    SMTP_URL: '',
    ...env,
  });
  await waitForOk(`${base}/api/health`, server, 120_000);
  return server;
}

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function until<T>(what: string, probe: () => T | null | undefined, timeoutMs = 30_000): Promise<T> {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    const found = probe();
    if (found !== undefined && found !== null) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${server?.output()}`);
}

beforeAll(async () => {
  mkdirSync(webDist, { recursive: true });
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('mail in the embedded product', () => {
  it('writes each message to DATA_DIR/mail as .eml and prints its link, which works', async () => {
    await start();
    const account = { email: 'laptop@example.test', username: 'laptop', password: 'a long enough passphrase' };
    expect((await post('/api/auth/register', account)).status).toBe(201);
    const printed = await until('the verification link printed', () =>
      /open: (http:\/\/\S+\/verify-email\?token=(\S+))/.exec(server?.output() ?? ''),
    );
    const files = readdirSync(join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f-]{36}\.eml$/);
    const parsed = await simpleParser(readFileSync(join(dataDir, 'mail', files[0] as string)));
    expect(parsed.subject).toBe('Confirm your email address for Edgepress');
    expect(parsed.text).toContain(printed[1]);
    expect(parsed.html).toContain('Confirm my address');
    expect((await post('/api/auth/verify-email', { token: printed[2] })).status).toBe(204);

    expect((await post('/api/auth/password-reset', { email: account.email })).status).toBe(202);
    const reset = await until('the reset link printed', () =>
      /open: http:\/\/\S+\/reset-password\?token=(\S+)/.exec(server?.output() ?? ''),
    );
    const confirm = await post('/api/auth/password-reset/confirm', {
      token: reset[1],
      password: 'another passphrase!',
    });
    expect(confirm.status).toBe(204);
    expect((await post('/api/auth/login', { email: account.email, password: 'another passphrase!' })).status).toBe(200);
  }, 180_000);

  it('loses no queued message to a kill -9: it is sent after the restart, once SMTP answers', async () => {
    await server?.stop();
    const smtpPort = await freePort();
    const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
    // Nothing listens on the SMTP port yet: the message is committed but cannot be sent.
    await start({ SMTP_URL: smtpUrl });
    expect((await post('/api/auth/password-reset', { email: 'laptop@example.test' })).status).toBe(202);
    await until('a failed first attempt', () =>
      /mail delivery will be retried/.test(server?.output() ?? '') ? true : undefined,
    );
    await server?.stop('SIGKILL');

    sink = await startMailSink({ port: smtpPort });
    const started = Date.now();
    await start({ SMTP_URL: smtpUrl });
    const mail = await sink.waitFor('laptop@example.test', /Reset your/, 45_000);
    console.log(`[measure] queued mail delivered ${Date.now() - started} ms after the restart (kill -9 before)`);
    const token = new URL(mail.link ?? '').searchParams.get('token');
    expect((await post('/api/auth/password-reset/confirm', { token, password: 'third passphrase!!' })).status).toBe(
      204,
    );
  }, 180_000);
});
