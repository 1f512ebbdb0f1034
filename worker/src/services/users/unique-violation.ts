import { type AppError, conflictOn } from '#worker/errors';

const fieldOfConstraint: Record<string, 'email' | 'username'> = {
  users_email_key: 'email',
  users_username_key: 'username',
};

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/**
 * Postgres reports a lost race on a unique index as 23505 with the constraint's name; drizzle wraps
 * the driver's error, so a few levels of `cause` are searched. Returns the 409 to throw, if it is one.
 */
export function userConflictFrom(error: unknown): AppError | undefined {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, constraint, cause } = current as DriverError;
    const field = typeof constraint === 'string' ? fieldOfConstraint[constraint] : undefined;
    if (code === '23505' && field) return conflictOn(field, `This ${field} is already taken`);
    current = cause;
  }
  return undefined;
}
