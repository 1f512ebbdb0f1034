/** The admin feature's front door: other code imports only this. Pages load lazily. */
export const adminPages = {
  admin: () => import('./admin-page').then((m) => m.AdminPage),
};
