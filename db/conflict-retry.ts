import { isPgError } from './pg-errors';
import type { Database } from './types';

/** Deadlock (40P01) and serialization failure (40001): Postgres rolled the work back; running it again is safe. */
const retryableCodes = ['40P01', '40001'];

export const isConflictAbort = (error: unknown) => retryableCodes.some((code) => isPgError(error, code));

/** Attempts in all, including the first; see ADR 0100. */
const maxAttempts = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a whole transaction or one autocommit statement) again when Postgres aborted it as a
 * deadlock victim or a serialization failure, up to four attempts with a short randomized pause,
 * so the two sides do not collide again in step. Anything else, and the last failure, is thrown.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= maxAttempts || !isConflictAbort(error)) throw error;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

/**
 * Makes every `db.transaction(...)` of this handle retry on conflict aborts. A transaction's callback
 * only talks to the database and computes from what it read, so running it again is the same write.
 */
export function retryTransactions(db: Database): Database {
  const transaction = db.transaction.bind(db);
  db.transaction = ((work, config) => retryOnConflict(() => transaction(work, config))) as Database['transaction'];
  return db;
}
