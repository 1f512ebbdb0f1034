import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { AuthUser } from '../domain/auth-user';
import { AppError } from '../errors';
import { authenticate } from '../services/auth/authenticate';

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (!match?.[1]) throw new AppError('token_invalid', 'Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Sets the `user` variable when a bearer token is present; a bad token is still an error, never ignored. */
export const optionalUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token) c.set('user', await authenticate(c.get('deps'), token));
  await next();
});

export const requireUser = createMiddleware<AppEnv & { Variables: { user: AuthUser } }>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new AppError('unauthenticated', 'Sign in to do this');
  c.set('user', await authenticate(c.get('deps'), token));
  await next();
});

export const requireAdmin = createMiddleware<AppEnv & { Variables: { user: AuthUser } }>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new AppError('unauthenticated', 'Sign in to do this');
  const user = await authenticate(c.get('deps'), token);
  if (user.role !== 'admin') throw new AppError('forbidden', 'Administrators only');
  c.set('user', user);
  await next();
});
