import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Schema = typeof schema;

/** The drizzle database every driver (pg, neon-ws, pglite) produces; services only see this. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Queries that may run inside or outside a transaction. */
export type Executor = Database | Transaction;

/** Prepared statements belong to a database handle; inside a transaction a query is built for it. */
export const isTransaction = (ex: Executor): ex is Transaction => 'rollback' in ex;
