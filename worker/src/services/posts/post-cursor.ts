import { validationFailed } from '#worker/errors';
import { isRealTimestamp } from '#worker/schemas/text-rules';

/** What a cursor's sort key must be for the database to compare against it. */
export interface KeyRule {
  test(key: string): boolean;
}

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

/** The (key, id) inside a cursor whose key passes `keyPattern`; anything else is 422 on `cursor`. */
export function decodeCursor(cursor: string, keyPattern: KeyRule): { key: string; id: string } {
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

const timestampText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Postgres's microsecond UTC text of a real instant (no 2026-02-30, no 25:61, no year 0000). */
export const timestampKey: KeyRule = { test: (key) => timestampText.test(key) && isRealTimestamp(key) };

/** A count that fits the integer column it came from. */
export const integerKey: KeyRule = { test: (key) => /^\d{1,10}$/.test(key) && Number(key) <= 2_147_483_647 };

// A `real` holds magnitudes from about 1e-37 to 3.4e38; outside that (1e999999) Postgres refuses the text.
export const realKey: KeyRule = {
  test: (key) => {
    if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(key)) return false;
    const value = Number(key);
    return value === 0 || (value >= 1e-37 && value <= 3.4e38);
  },
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
