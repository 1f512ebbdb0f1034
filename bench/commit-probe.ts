import pg from 'pg';
import { atFixedRate, type RateResult } from './fixed-rate';

/**
 * One-row inserts, each its own durable commit, at a fixed `rate` on connections of their own
 * for `seconds`: what a write costs Postgres and this machine's disk alone, measured beside the
 * comment run so that the two share the same moments.
 */
export async function probeCommits(databaseUrl: string, rate: number, seconds: number): Promise<RateResult> {
  // A few connections, so that a slow commit does not hold the next one back behind it.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  try {
    await pool.query(
      'create table if not exists bench_commit_probe (id bigserial primary key, at timestamptz default now())',
    );
    return await atFixedRate(rate, seconds, async () => {
      await pool.query('insert into bench_commit_probe default values');
      return 200;
    });
  } finally {
    await pool.end();
  }
}
