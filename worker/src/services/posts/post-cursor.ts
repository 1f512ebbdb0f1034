import { validationFailed } from '../../errors';

/**
 * Opaque list cursors: base64url of a JSON array holding the last row's sort key and id. Sort keys
 * travel as Postgres's own text (timestamps with microseconds, ranks as real), so comparing against
 * them in SQL is exact where a JS Date or float would round.
 */
export function encodeCursor(key: string, id: string): string {
  return btoa(JSON.stringify([key, id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (key, id) inside a cursor whose key must match `keyPattern`; anything else is 422 on `cursor`. */
export function decodeCursor(cursor: string, keyPattern: RegExp): { key: string; id: string } {
  const invalid = () => validationFailed('cursor', 'Invalid cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [key, id] = parsed;
  if (typeof key !== 'string' || typeof id !== 'string' || !keyPattern.test(key) || !uuidPattern.test(id)) {
    throw invalid();
  }
  return { key, id };
}

export const timestampKey = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const integerKey = /^\d{1,10}$/;
export const realKey = /^\d+(\.\d+)?(e-?\d+)?$/;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
