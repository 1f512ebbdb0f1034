/**
 * The account feature's front door: other code imports only this. Everything loads lazily: pages
 * opened from mailed links, the settings sections, and the banner only signed-in visitors see.
 */
export const accountPages = {
  forgotPassword: () => import('./forgot-password-page').then((m) => m.ForgotPasswordPage),
  resetPassword: () => import('./reset-password-page').then((m) => m.ResetPasswordPage),
  verifyEmail: () => import('./email-link-page').then((m) => m.VerifyEmailPage),
  confirmEmailChange: () => import('./email-link-page').then((m) => m.ConfirmEmailChangePage),
  undoEmailChange: () => import('./email-link-page').then((m) => m.UndoEmailChangePage),
};

export const accountParts = {
  verifyBanner: () => import('./verify-banner').then((m) => m.VerifyBanner),
  settingsSections: () => import('./settings-sections').then((m) => m.AccountSettingsSections),
};
