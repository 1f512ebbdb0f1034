import type { Database } from './types';

/**
 * Makes `make(db)` once per database and hands out the same value after: a prepared statement
 * (built by drizzle and parsed by the server once, not per request) or a batcher that must see every
 * caller of that database.
 */
export function perDatabase<T>(make: (db: Database) => T): (db: Database) => T {
  const made = new WeakMap<Database, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
