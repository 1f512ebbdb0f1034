/**
 * Whether Postgres raised `code` (e.g. 23505 unique, 23503 foreign key), optionally on `constraint`.
 * Drivers and drizzle wrap the server's error, so the chain of `cause`s is searched.
 */
export function isPgError(error: unknown, code: string, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code: found, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (found === code) return constraint === undefined || name === constraint;
  }
  return false;
}
