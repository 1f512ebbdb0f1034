import type { AuthUser } from './domain/auth-user';
import type { Deps } from './ports';

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    user: AuthUser | undefined;
  };
}
