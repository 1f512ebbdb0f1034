/** The auth feature's front door: other code imports only this. Pages load lazily. */
export { logout } from './auth-api';
export { RequireAuth } from './require-auth';

export const authPages = {
  login: () => import('./login-page').then((m) => m.LoginPage),
  register: () => import('./register-page').then((m) => m.RegisterPage),
};
