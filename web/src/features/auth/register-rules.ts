import { type FieldErrors, issuesToFieldErrors } from '#web/lib/use-form-errors';
import { registerBody } from '#worker/schemas/auth';
import type { RegisterInput } from './auth-api';

/** The API's own request schema; the server's 422 details still show at the same fields. */
export function checkRegistration(input: RegisterInput): FieldErrors | null {
  const result = registerBody.safeParse(input);
  return result.success ? null : issuesToFieldErrors(result.error.issues);
}
