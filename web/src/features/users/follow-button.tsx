import { useMutation, useQueryClient } from '@tanstack/react-query';
import { rpc, unwrap } from '#web/lib/api-client';
import { toast } from '#web/lib/toasts';
import type { PublicUser } from '#web/lib/types';
import { userQuery } from './queries';

export function FollowButton({ user }: { user: PublicUser }) {
  const queryClient = useQueryClient();
  const key = userQuery(user.username).queryKey;
  const following = Boolean(user.following);
  const mutation = useMutation({
    mutationFn: (follow: boolean) => {
      const endpoint = rpc().api.users[':username'].follow;
      const param = { username: encodeURIComponent(user.username) };
      return unwrap(follow ? endpoint.$post({ param }) : endpoint.$delete({ param }));
    },
    onMutate: async (follow) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData(key);
      queryClient.setQueryData(key, (u) =>
        u ? { ...u, following: follow, followersCount: u.followersCount + (follow ? 1 : -1) } : u,
      );
      return { previous };
    },
    onError: (_e, _f, context) => {
      queryClient.setQueryData(key, context?.previous);
      toast('Could not update following. Please try again.', 'error');
    },
    onSuccess: (answer) => {
      queryClient.setQueryData(key, (u) => (u ? { ...u, ...answer } : u));
      queryClient.invalidateQueries({ queryKey: ['posts', '/api/feed'] });
    },
  });
  return (
    <button
      type="button"
      className={following ? '' : 'button-primary'}
      aria-pressed={following}
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(!following)}
    >
      {following ? 'Following' : 'Follow'}
    </button>
  );
}
