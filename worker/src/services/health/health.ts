import { sql } from 'drizzle-orm';
import type { Deps, HealthState } from '#worker/ports';

export interface Health {
  status: 'ok' | 'degraded';
  checks: { db: 'ok' | 'down'; redis: HealthState };
}

async function databaseState(db: Deps['db']) {
  try {
    await db.execute(sql`select 1`);
    return 'ok' as const;
  } catch {
    return 'down' as const;
  }
}

/** Whether this instance can serve: the database answers, and the cache is absent or healthy. */
export async function checkHealth({ db, cache }: Pick<Deps, 'db' | 'cache'>): Promise<Health> {
  const [database, redis] = await Promise.all([databaseState(db), cache.health()]);
  const status = database === 'ok' && redis !== 'degraded' ? 'ok' : 'degraded';
  return { status, checks: { db: database, redis } };
}
