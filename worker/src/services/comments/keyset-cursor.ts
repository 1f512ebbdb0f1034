import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { validationFailed } from '#worker/errors';
import { isRealTimestamp } from '#worker/schemas/text-rules';

/** A position in a (created_at, id) ordering; the timestamp keeps Postgres's microseconds. */
export interface KeysetPosition {
  at: string;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The column as UTC text with microseconds. A JS Date keeps only milliseconds, so a cursor built
 * from one would skip or repeat rows created within the same millisecond.
 */
export const keysetTimestamp = (column: AnyColumn): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(position: KeysetPosition): string {
  return btoa(`${position.at}|${position.id}`).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

/** Parses a cursor from a query string; anything malformed is a 422 on `cursor`. */
export function decodeCursor(cursor: string): KeysetPosition {
  let text: string;
  try {
    text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    throw validationFailed('cursor', 'Invalid cursor');
  }
  const [at, id] = text.split('|');
  if (!at || !id || !timestampPattern.test(at) || !isRealTimestamp(at) || !uuidPattern.test(id)) {
    throw validationFailed('cursor', 'Invalid cursor');
  }
  return { at, id };
}

/** Rows strictly after the position in ascending (created_at, id) order. */
export const after = (createdAt: AnyColumn, id: AnyColumn, p: KeysetPosition): SQL =>
  sql`(${createdAt}, ${id}) > (${p.at}::timestamptz, ${p.id}::uuid)`;

/** Rows strictly after the position in descending (created_at, id) order. */
export const before = (createdAt: AnyColumn, id: AnyColumn, p: KeysetPosition): SQL =>
  sql`(${createdAt}, ${id}) < (${p.at}::timestamptz, ${p.id}::uuid)`;
