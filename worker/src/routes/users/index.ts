import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { cachedForAnonymous, publicTtl } from '#worker/cache/public-content';
import { optionalUser, requireUser } from '#worker/middleware/auth';
import { changePasswordBody } from '#worker/schemas/auth';
import { emailPreferencesBody } from '#worker/schemas/email-preferences';
import { deleteMeBody, updateMeBody, usernameParam } from '#worker/schemas/users';
import { deleteAccount } from '#worker/services/account/delete-account';
import { getEmailPreferences, updateEmailPreferences } from '#worker/services/account/email-preferences';
import { exportUserData } from '#worker/services/account/export-data';
import { changePassword } from '#worker/services/auth/change-password';
import { getProfile } from '#worker/services/users/get-profile';
import { getOwnUser } from '#worker/services/users/own-user';
import { updateProfile } from '#worker/services/users/update-profile';
import { validate } from '#worker/validation';

export const usersRoutes = new Hono<AppEnv>()
  .get('/me', requireUser, async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json({ user: await getOwnUser(c.get('deps').db, c.get('user').id) }, 200);
  })
  .patch('/me', requireUser, validate('json', updateMeBody), async (c) => {
    const { user, pendingEmail } = await updateProfile(c.get('deps'), c.get('user').id, c.req.valid('json'));
    // 202: the new address is mailed a confirmation link and takes effect once it is opened.
    if (pendingEmail) return c.json({ user, pendingEmail }, 202);
    return c.json({ user }, 200);
  })
  // 204 as the contract says; the caller's session survives, so its client refreshes once (docs/decisions/0020).
  .post('/me/password', requireUser, validate('json', changePasswordBody), async (c) => {
    await changePassword(c.get('deps'), c.get('user'), c.req.valid('json'));
    return c.body(null, 204);
  })
  .delete('/me', requireUser, validate('json', deleteMeBody), async (c) => {
    await deleteAccount(c.get('deps'), c.get('user').id, c.req.valid('json').currentPassword);
    return c.body(null, 204);
  })
  .get('/me/export', requireUser, async (c) => {
    const data = await exportUserData(c.get('deps'), c.get('user').id);
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Disposition', `attachment; filename="${data.profile.username}-export.json"`);
    return c.json(data, 200);
  })
  .get('/me/email-preferences', requireUser, async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json({ preferences: await getEmailPreferences(c.get('deps').db, c.get('user').id) }, 200);
  })
  .put('/me/email-preferences', requireUser, validate('json', emailPreferencesBody), async (c) => {
    const preferences = await updateEmailPreferences(c.get('deps').db, c.get('user').id, c.req.valid('json'));
    return c.json({ preferences }, 200);
  })
  .get('/:username', optionalUser, validate('param', usernameParam), async (c) => {
    const { username } = c.req.valid('param');
    const user = await cachedForAnonymous(c, `profile:${username}`, publicTtl.profile, () =>
      getProfile(c.get('deps').db, username, c.get('user')),
    );
    // `following` depends on the caller, so shared caches must not keep it.
    c.header('Cache-Control', c.get('user') ? 'private, no-cache' : 'public, max-age=0, must-revalidate');
    return c.json({ user }, 200);
  });
