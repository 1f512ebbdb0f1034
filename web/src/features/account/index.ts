/** The account feature's front door: other code imports only this. Pages load lazily. */
export { AccountActions } from './account-actions';
export { EmailSettingsForm } from './email-settings-form';
export { VerifyBanner } from './verify-banner';

export const accountPages = {
  forgotPassword: () => import('./forgot-password-page').then((m) => m.ForgotPasswordPage),
  resetPassword: () => import('./reset-password-page').then((m) => m.ResetPasswordPage),
  verifyEmail: () => import('./email-link-page').then((m) => m.VerifyEmailPage),
  confirmEmailChange: () => import('./email-link-page').then((m) => m.ConfirmEmailChangePage),
  undoEmailChange: () => import('./email-link-page').then((m) => m.UndoEmailChangePage),
};
