import { users } from '#db/schema';
import type { Database } from '#db/types';
import type { AppConfig } from '#worker/ports';
import { signAccessToken } from '#worker/services/auth/access-token';
import { testConfig } from './deps';

/** Every factory user's password; `factoryPasswordHash` is its argon2id hash (checked by a test). */
export const factoryPassword = 'factory-password-1234';

/**
 * Precomputed with the real hasher and the production parameters (m=19456, t=2, p=1), so a
 * factory insert costs no hashing and login with `factoryPassword` still goes through argon2id.
 */
export const factoryPasswordHash =
  '$argon2id$v=19$m=19456,t=2,p=1$w4dNl9gagtf7p9b6alr3Nw$SM22a6tG7H5Zs4vYVQG9kJjLsDTszyyiXlXTlEVY+z0';

export type UserRow = typeof users.$inferSelect;

export interface CreateUserOptions {
  username?: string;
  email?: string;
  displayName?: string;
  bio?: string;
  role?: 'user' | 'admin';
  suspended?: boolean;
  /** Sign the token with this config (e.g. other JWT keys); defaults to the test deps' config. */
  config?: AppConfig;
}

export interface CreatedUser {
  user: UserRow;
  password: string;
  /** A valid 15-minute access token (no session behind it: refreshing needs a real login). */
  accessToken: string;
  /** `{ Authorization: 'Bearer …' }`, ready for `app.request(path, { headers })`. */
  headers: Record<string, string>;
}

let sequence = 0;

/** A unique-per-process suffix, safe in usernames (a-z0-9_-) and emails. */
export function uniqueSuffix(): string {
  sequence += 1;
  return `${process.pid.toString(36)}${sequence.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Inserts a user directly (no hashing, no HTTP) and signs an access token for them. */
export async function createUser(db: Database, options: CreateUserOptions = {}): Promise<CreatedUser> {
  const suffix = uniqueSuffix();
  const username = options.username ?? `user_${suffix}`.slice(0, 30);
  const [user] = await db
    .insert(users)
    .values({
      username,
      email: options.email ?? `${username}@example.test`,
      passwordHash: factoryPasswordHash,
      displayName: options.displayName ?? `User ${suffix}`,
      bio: options.bio ?? '',
      role: options.role ?? 'user',
      suspendedAt: options.suspended ? new Date() : null,
    })
    .returning();
  if (!user) throw new Error('createUser: insert returned nothing');
  const accessToken = await signAccessToken(
    options.config ?? testConfig,
    { userId: user.id, username: user.username, role: user.role, version: user.tokenVersion },
    new Date(),
  );
  return { user, password: factoryPassword, accessToken, headers: { Authorization: `Bearer ${accessToken}` } };
}

/** An admin, for authorization matrices. */
export const createAdmin = (db: Database, options: Omit<CreateUserOptions, 'role'> = {}) =>
  createUser(db, { ...options, role: 'admin' });
