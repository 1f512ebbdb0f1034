import { useQueryClient } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import { setUser } from '#web/lib/session';
import type { Me } from '#web/lib/types';
import { type FieldErrors, issuesToFieldErrors } from '#web/lib/use-form-errors';
import { updateMeBody } from '#worker/schemas/users';

export type MeChanges = Record<string, string | null | undefined>;

/** Checks changes with the API's schema; returns field errors, or null when they may be sent. */
export function checkMe(changes: MeChanges): FieldErrors | null {
  const result = updateMeBody.safeParse(changes);
  return result.success ? null : issuesToFieldErrors(result.error.issues);
}

export function useSaveMe() {
  const queryClient = useQueryClient();
  return async (changes: MeChanges) => {
    const { user, pendingEmail } = (await unwrap(rpc().api.users.me.$patch({ json: changes }))) as {
      user: Me;
      pendingEmail?: string;
    };
    setUser(user);
    queryClient.invalidateQueries({ queryKey: ['user', user.username] });
    return { user, pendingEmail };
  };
}
