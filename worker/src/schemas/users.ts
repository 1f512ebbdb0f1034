import { z } from 'zod';
import { deceptiveMessage, hasDeceptiveCharacters } from './text-rules';

/**
 * Words that name routes or roles: a profile at `/@admin` or `/api/users/me` must never be someone's.
 * Compared after lower-casing.
 */
export const reservedUsernames: readonly string[] = [
  'about',
  'admin',
  'administrator',
  'api',
  'auth',
  'deleted',
  'drafts',
  'edgepress',
  'feed',
  'help',
  'login',
  'logout',
  'me',
  'media',
  'moderator',
  'new',
  'notifications',
  'parties',
  'posts',
  'register',
  'root',
  'search',
  'settings',
  'signin',
  'signup',
  'staff',
  'support',
  'system',
  'tags',
  'user',
  'users',
  'write',
];

export const passwordMinLength = 8;
export const passwordMaxLength = 256;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Username must be at least 3 characters')
  .max(30, 'Username must be at most 30 characters')
  .regex(/^[a-z0-9_-]+$/, 'Username may contain only letters, digits, "_" and "-"')
  .refine((name) => !reservedUsernames.includes(name), 'This username is reserved');

/** Stored lower-case: addresses are compared case-insensitively. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address').max(254, 'Email must be at most 254 characters'));

/** Length only; the server also refuses common passwords, which needs a list the browser does not load. */
export const newPasswordSchema = z
  .string()
  .min(passwordMinLength, `Password must be at least ${passwordMinLength} characters`)
  .max(passwordMaxLength, `Password must be at most ${passwordMaxLength} characters`);

/** A password being checked rather than chosen: any non-empty string up to the maximum. */
export const presentedPasswordSchema = z.string().min(1, 'Enter your password').max(passwordMaxLength);

/** Avatars come from our own media route or an absolute http(s) URL; never `javascript:` or `data:`. */
const avatarUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (url) => /^\/media\/[A-Za-z0-9._-]+$/.test(url) || /^https?:\/\/[^\s]+$/i.test(url),
    'Avatar must be an uploaded image or an http(s) URL',
  );

export const updateMeBody = z.object({
  displayName: z
    .string()
    .trim()
    .max(60, 'Display name must be at most 60 characters')
    .refine((name) => !hasDeceptiveCharacters(name), deceptiveMessage('Display name'))
    .optional(),
  bio: z.string().trim().max(500, 'Bio must be at most 500 characters').optional(),
  avatarUrl: avatarUrlSchema.nullable().optional(),
  username: usernameSchema.optional(),
  email: emailSchema.optional(),
  currentPassword: presentedPasswordSchema.optional(),
});

export const deleteMeBody = z.object({ currentPassword: presentedPasswordSchema });

export const usernameParam = z.object({ username: z.string().trim().toLowerCase().min(1).max(30) });

export type UpdateMeBody = z.infer<typeof updateMeBody>;
