import { z } from 'zod';
import { emailSchema, newPasswordSchema, presentedPasswordSchema, usernameSchema } from './users';

export const registerBody = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: newPasswordSchema,
});

/** Loose on purpose: a malformed address is simply unknown, answered like any other failed login. */
export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email').max(254),
  password: presentedPasswordSchema,
});

/** Browsers send the token in the `refresh_token` cookie; other clients in the body. */
export const refreshBody = z.object({
  refreshToken: z.string().min(1).max(200).optional(),
});

export const changePasswordBody = z.object({
  currentPassword: presentedPasswordSchema,
  newPassword: newPasswordSchema,
});

/** Loose like login: any string is answered the same, so the answer never says what an address is. */
export const passwordResetBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email').max(254),
});

/** The token from a mailed link. */
const linkToken = z.string().trim().min(1, 'The link has no token').max(200);

export const passwordResetConfirmBody = z.object({ token: linkToken, password: newPasswordSchema });
export const linkTokenBody = z.object({ token: linkToken });

export type RegisterBody = z.infer<typeof registerBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type RefreshBody = z.infer<typeof refreshBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
