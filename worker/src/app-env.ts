import type { AuthUser } from './domain/auth-user';
import type { Deps } from './ports';

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    user: AuthUser | undefined;
    /** Set by a handler whose answer is a versioned resource (a post): its ETag then names the version. */
    etagVersion: number | undefined;
  };
}
