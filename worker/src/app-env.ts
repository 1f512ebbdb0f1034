import type { Deps } from './ports';

/** The authenticated caller, as the access token and the users table agree on it. */
export interface AuthUser {
  id: string;
  username: string;
  role: 'user' | 'admin';
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    user: AuthUser | undefined;
  };
}
