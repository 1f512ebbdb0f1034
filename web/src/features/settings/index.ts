/** The settings feature's front door: other code imports only this. Pages load lazily. */
export const settingsPages = {
  settings: () => import('./settings-page').then((m) => m.SettingsPage),
};
