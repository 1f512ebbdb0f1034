import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '#db/schema';
import { createUser } from '#test/factories';
import { createTestDatabase, type TestDatabase } from '#test/postgres';
import { postgresAvailable } from '#test/services';

const run = promisify(execFile);

async function makeAdmin(url: string, ...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'worker/src/cli/make-admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describe.skipIf(!(await postgresAvailable()))('npm run user:admin -- <email>', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('promotes the account with that email, in any case', async () => {
    const { user } = await createUser(database.handle.db);
    const result = await makeAdmin(database.url, user.email.toUpperCase());
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining(`${user.username} (${user.email})`) });
    const [row] = await database.handle.db.select({ role: users.role }).from(users).where(eq(users.id, user.id));
    expect(row?.role).toBe('admin');
  });

  it('fails with a message when no account has the email', async () => {
    const result = await makeAdmin(database.url, 'nobody@example.test');
    expect(result.code).toBe(1);
    expect(result.output).toContain('No account has the email nobody@example.test');
  });
});
