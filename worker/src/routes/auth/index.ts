import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { AppError } from '../../errors';
import { clearRefreshCookie, presentedRefreshToken, setRefreshCookie } from '../../middleware/refresh-cookie';
import { loginRateLimits, refreshRateLimit, registerRateLimit } from '../../middleware/route-rate-limits';
import { loginBody, refreshBody, registerBody } from '../../schemas/auth';
import { login } from '../../services/auth/login';
import { logout } from '../../services/auth/logout';
import { refreshSession } from '../../services/auth/refresh';
import { register } from '../../services/auth/register';
import { validate } from '../../validation';

export const authRoutes = new Hono<AppEnv>()
  .post('/register', registerRateLimit, validate('json', registerBody), async (c) => {
    const result = await register(c.get('deps'), c.req.valid('json'));
    setRefreshCookie(c, result.refreshToken);
    return c.json(result, 201);
  })
  .post('/login', ...loginRateLimits, validate('json', loginBody), async (c) => {
    const result = await login(c.get('deps'), c.req.valid('json'));
    setRefreshCookie(c, result.refreshToken);
    return c.json(result, 200);
  })
  .post('/refresh', refreshRateLimit, validate('json', refreshBody), async (c) => {
    const presented = presentedRefreshToken(c, c.req.valid('json').refreshToken);
    try {
      if (!presented) throw new AppError('unauthenticated', 'No refresh token presented');
      const tokens = await refreshSession(c.get('deps'), presented);
      setRefreshCookie(c, tokens.refreshToken);
      return c.json(tokens, 200);
    } catch (error) {
      // A session that cannot be refreshed is over: the browser stops asking (and stops bypassing caches).
      if (error instanceof AppError && error.status === 401) clearRefreshCookie(c);
      throw error;
    }
  })
  .post('/logout', validate('json', refreshBody), async (c) => {
    await logout(c.get('deps'), presentedRefreshToken(c, c.req.valid('json').refreshToken));
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
