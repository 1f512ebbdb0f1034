import initialize from '@phi-ag/argon2/node';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '#db/schema';
import type { Database } from '#db/types';
import { createTestDeps } from '#test/deps';
import { createUser, factoryPassword, factoryPasswordHash } from '#test/factories';
import { testEngines } from '#test/postgres';
import { createNodePasswordHasher } from '#worker/adapters/node/node-password-hasher';
import { argon2Options } from '#worker/adapters/shared/argon2-password-hasher';
import type { Deps, PasswordHasher } from '#worker/ports';
import { dummyPasswordHash, login } from './login';

const { memoryCost: m, timeCost: t, parallelism: p } = argon2Options;
// Fresh hashes must carry OWASP's baseline; the precomputed ones whatever the hasher is configured with.
const parameters = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const configured = new RegExp(`^\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$`);

describe('the argon2id password hasher (Node)', () => {
  let hasher: PasswordHasher;
  beforeAll(async () => {
    hasher = await createNodePasswordHasher();
  });

  it('encodes argon2id with OWASP parameters, a 16-byte salt and a 32-byte hash', async () => {
    expect(await hasher.hash('correct horse battery staple')).toMatch(parameters);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('verifies the right password only', async () => {
    const hash = await hasher.hash('pässwörd with ünïcode');
    expect(await hasher.verify(hash, 'pässwörd with ünïcode')).toBe(true);
    expect(await hasher.verify(hash, 'passwörd with ünïcode')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('never throws on a malformed hash: it simply does not verify', async () => {
    for (const broken of ['', 'plain', '$argon2id$v=19$m=19456,t=2,p=1$bad$bad', '$2b$10$abcdefghijklmnopqrstuv']) {
      expect(await hasher.verify(broken, 'anything')).toBe(false);
    }
  });

  it('keeps the precomputed hashes on the current parameters', async () => {
    expect(dummyPasswordHash).toMatch(configured);
    expect(factoryPasswordHash).toMatch(configured);
    expect(await hasher.verify(factoryPasswordHash, factoryPassword)).toBe(true);
    expect(await hasher.verify(dummyPasswordHash, factoryPassword)).toBe(false);
  });
});

const engines = await testEngines();
const postgres = engines.find((engine) => engine.name === 'Postgres');

describe.skipIf(!postgres?.available)('login hashing on Postgres', () => {
  let db: Database;
  let close: () => Promise<void>;
  let deps: Deps;
  beforeAll(async () => {
    ({ db, close } = await (postgres as NonNullable<typeof postgres>).open());
    deps = await createTestDeps(db);
  });
  afterAll(() => close());

  async function medianMs(attempt: () => Promise<unknown>, runs = 15) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await attempt().catch(() => undefined);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(runs / 2)] as number;
  }

  it('re-hashes a password stored with older parameters on the next login', async () => {
    const argon2 = await initialize();
    const weak = argon2.hash(factoryPassword, { ...argon2Options, memoryCost: 8192, timeCost: 1 }).encoded;
    const { user } = await createUser(db);
    await db.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));
    await login(deps, { email: user.email, password: factoryPassword });
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(parameters);
    await expect(login(deps, { email: user.email, password: factoryPassword })).resolves.toHaveProperty('accessToken');
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const { user } = await createUser(db);
    const unknown = () => login(deps, { email: 'nobody@example.test', password: 'wrong-password' });
    const wrong = () => login(deps, { email: user.email, password: 'wrong-password' });
    await medianMs(unknown, 3);
    await medianMs(wrong, 3);
    const [a, b] = [await medianMs(unknown), await medianMs(wrong)];
    // Both pay one argon2id verification (~20-30 ms); the database lookup is the same query.
    expect(Math.min(a, b)).toBeGreaterThan(5);
    expect(a / b).toBeGreaterThan(0.6);
    expect(a / b).toBeLessThan(1.6);
  });
});
