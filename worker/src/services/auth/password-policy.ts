import { validationFailed } from '#worker/errors';
import { isCommonPassword } from './common-passwords';

interface Identity {
  email: string;
  username: string;
}

/**
 * The rules zod cannot check without the server's list: no well-known password, and not the
 * account's own email or username. Throws 422 on `field`.
 */
export function assertAcceptablePassword(password: string, identity: Identity, field = 'password'): void {
  if (isCommonPassword(password)) {
    throw validationFailed(field, 'This password is too common; choose one that is harder to guess');
  }
  const lowered = password.toLowerCase();
  if (lowered === identity.email || lowered === identity.username) {
    throw validationFailed(field, 'Password must not be your email or username');
  }
}
