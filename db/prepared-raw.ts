import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './types';

const dialect = new PgDialect();

/**
 * Prepares a hand-written statement under `name`, as drizzle's `.prepare(name)` does for built ones:
 * the server parses and plans it once per connection instead of on every call. Values go in as
 * `sql.placeholder(...)` and are given to `execute`; the result is the driver's `{ rows }`.
 */
export function prepareRaw(db: Database, name: string, query: SQL) {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
}
