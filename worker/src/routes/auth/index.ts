import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { AppError } from '#worker/errors';
import { requireUser } from '#worker/middleware/auth';
import { clearRefreshCookie, presentedRefreshToken, setRefreshCookie } from '#worker/middleware/refresh-cookie';
import {
  loginRateLimits,
  passwordResetRateLimits,
  refreshRateLimit,
  registerRateLimit,
  verifyResendRateLimit,
} from '#worker/middleware/route-rate-limits';
import {
  linkTokenBody,
  loginBody,
  passwordResetBody,
  passwordResetConfirmBody,
  refreshBody,
  registerBody,
} from '#worker/schemas/auth';
import { confirmEmailChange, undoEmailChange } from '#worker/services/account/email-change';
import { confirmPasswordReset, requestPasswordReset } from '#worker/services/account/password-reset';
import { resendVerification, verifyEmail } from '#worker/services/account/verify-email';
import { login } from '#worker/services/auth/login';
import { logout, logoutEverywhere } from '#worker/services/auth/logout';
import { refreshSession } from '#worker/services/auth/refresh';
import { register } from '#worker/services/auth/register';
import { validate } from '#worker/validation';

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
  })
  .post('/logout-all', requireUser, async (c) => {
    await logoutEverywhere(c.get('deps'), c.get('user').id);
    clearRefreshCookie(c as never);
    return c.body(null, 204);
  })
  // The lookup, the token and the message happen after the answer: an address with an account and
  // one without get the same 202, the same body and the same timing.
  .post('/password-reset', ...passwordResetRateLimits, validate('json', passwordResetBody), async (c) => {
    const deps = c.get('deps');
    const { email } = c.req.valid('json');
    deps.mail.later(() => requestPasswordReset(deps, email));
    return c.json({}, 202);
  })
  .post('/password-reset/confirm', validate('json', passwordResetConfirmBody), async (c) => {
    await confirmPasswordReset(c.get('deps'), c.req.valid('json'));
    clearRefreshCookie(c);
    return c.body(null, 204);
  })
  .post('/verify-email', validate('json', linkTokenBody), async (c) => {
    await verifyEmail(c.get('deps'), c.req.valid('json').token);
    return c.body(null, 204);
  })
  .post('/verify-email/resend', requireUser, verifyResendRateLimit, async (c) => {
    await resendVerification(c.get('deps'), c.get('user').id);
    return c.json({}, 202);
  })
  .post('/email-change/confirm', validate('json', linkTokenBody), async (c) => {
    await confirmEmailChange(c.get('deps'), c.req.valid('json').token);
    return c.body(null, 204);
  })
  .post('/email-change/undo', validate('json', linkTokenBody), async (c) => {
    await undoEmailChange(c.get('deps'), c.req.valid('json').token);
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
