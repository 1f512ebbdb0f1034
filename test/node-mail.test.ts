import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from './support/mail-sink';
import { type NodeApiCluster, startNodeApiCluster } from './support/node-api-instances';
import { freePort } from './support/processes';
import { postgresAvailable, redisAvailable } from './support/services';

const ready = (await postgresAvailable()) && (await redisAvailable());
const password = 'a-long-unusual-passphrase';
// Limits live in the shared Redis for an hour: names and client addresses unique to this run keep an
// earlier run's budget (or another suite's) from being spent here.
const run = Math.random().toString(36).slice(2, 8);
const octet = 1 + Math.floor(Math.random() * 250);
const tokenOf = (link: string | undefined) => new URL(link ?? 'http://x/').searchParams.get('token') ?? '';

/**
 * The self-host target as compose runs it: two `npm run start:node` processes on one PostgreSQL
 * database and one Redis, sending over SMTP to a real `smtp-server` sink.
 */
describe.skipIf(!ready)('mail from two Node instances over SMTP, on PostgreSQL', () => {
  let cluster: NodeApiCluster;
  let smtpPort: number;
  let sink: MailSink;
  let n = 0;

  const base = (instance: number) => `http://127.0.0.1:${cluster.ports[instance]}`;
  const post = (instance: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base(instance)}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.${octet}.10`, ...headers },
      body: JSON.stringify(body),
    });
  const register = async () => {
    n += 1;
    const account = { email: `node-mail-${run}-${n}@example.test`, username: `node_mail_${run}_${n}`, password };
    const res = await post(0, '/api/auth/register', account, { 'x-forwarded-for': `192.0.${octet}.${100 + n}` });
    expect(res.status).toBe(201);
    return { ...account, accessToken: ((await res.json()) as { accessToken: string }).accessToken };
  };
  const output = () => cluster.instances.map((instance) => instance.output()).join('\n');
  async function until(what: string, probe: () => boolean, timeoutMs = 30_000) {
    const begin = Date.now();
    while (!probe()) {
      if (Date.now() - begin > timeoutMs)
        throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const retriesLogged = () => output().match(/mail delivery will be retried/g)?.length ?? 0;

  beforeAll(async () => {
    smtpPort = await freePort();
    sink = await startMailSink({ port: smtpPort });
    cluster = await startNodeApiCluster(2, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await sink?.close();
  });

  it('verifies an address and resets a password from links mailed by either instance', async () => {
    const account = await register();
    const verify = await sink.waitFor(account.email, /Confirm your email/);
    expect((await post(1, '/api/auth/verify-email', { token: tokenOf(verify.link) })).status).toBe(204);
    const me = await fetch(`${base(0)}/api/users/me`, { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(((await me.json()) as { user: { emailVerified: boolean } }).user.emailVerified).toBe(true);

    expect((await post(1, '/api/auth/password-reset', { email: account.email })).status).toBe(202);
    const reset = await sink.waitFor(account.email, /Reset your/);
    const confirm = (instance: number) =>
      post(instance, '/api/auth/password-reset/confirm', {
        token: tokenOf(reset.link),
        password: 'new-long-passphrase',
      });
    expect((await confirm(0)).status).toBe(204);
    expect((await confirm(1)).status).toBe(400);
    const old = await fetch(`${base(1)}/api/users/me`, { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(old.status).toBe(401);
    expect((await post(1, '/api/auth/login', { email: account.email, password: 'new-long-passphrase' })).status).toBe(
      200,
    );
  }, 60_000);

  it('holds the reset limits per address and per client across the two instances, through Redis', async () => {
    const account = await register();
    for (const email of [account.email, `nobody-${run}@example.test`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await post(i % 2, '/api/auth/password-reset', { email }, { 'x-forwarded-for': `198.51.${octet}.${i + 1}` }))
            .status,
        );
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const email = `spray-${run}-${i}@example.test`;
      statuses.push(
        (await post(i % 2, '/api/auth/password-reset', { email }, { 'x-forwarded-for': `198.51.${octet}.77` })).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  }, 60_000);

  it('retries through an SMTP outage and sends once the server is back', async () => {
    const account = await register();
    await sink.waitFor(account.email, /Confirm your email/);
    await sink.close();
    const before = retriesLogged();
    expect((await post(1, '/api/auth/password-reset', { email: account.email })).status).toBe(202);
    await until('a failed attempt', () => retriesLogged() > before);

    sink = await startMailSink({ port: smtpPort });
    const mail = await sink.waitFor(account.email, /Reset your/, 60_000);
    expect(
      (await post(0, '/api/auth/password-reset/confirm', { token: tokenOf(mail.link), password: 'after-outage-pass' }))
        .status,
    ).toBe(204);
  }, 120_000);

  it('loses no queued message to a kill -9 of every instance between commit and send', async () => {
    const account = await register();
    await sink.waitFor(account.email, /Confirm your email/);
    await sink.close();
    const before = retriesLogged();
    expect((await post(0, '/api/auth/password-reset', { email: account.email })).status).toBe(202);
    await until('a failed attempt', () => retriesLogged() > before);
    await Promise.all(cluster.instances.map((instance) => instance.stop('SIGKILL')));

    const db = new pg.Client({ connectionString: cluster.database.url });
    await db.connect();
    const { rows } = await db.query<{ status: string }>(
      "select status from mail_outbox where to_address = $1 and kind = 'password_reset'",
      [account.email],
    );
    await db.end();
    expect(rows).toEqual([{ status: 'pending' }]);

    sink = await startMailSink({ port: smtpPort });
    const started = Date.now();
    await cluster.restart(0);
    await cluster.restart(1);
    const mail = await sink.waitFor(account.email, /Reset your/, 90_000);
    console.log(`[measure] node: queued mail delivered ${Date.now() - started} ms after the restart (kill -9 before)`);
    expect(sink.to(account.email).filter((m) => /Reset your/.test(m.subject))).toHaveLength(1);
    expect(
      (await post(1, '/api/auth/password-reset/confirm', { token: tokenOf(mail.link), password: 'after-kill-pass' }))
        .status,
    ).toBe(204);
  }, 240_000);
});
