import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { rpc, unwrap } from '#web/lib/api-client';
import { useSession } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import type { Post } from '#web/lib/types';
import { postQuery } from './queries';

/** Likes flip at once and roll back with a toast when the server says no. */
export function LikeButton({ post }: { post: Post }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.status === 'authenticated');
  const key = postQuery(post.slug).queryKey;
  const liked = Boolean(post.likedByMe);

  const mutation = useMutation({
    mutationFn: (like: boolean) =>
      unwrap(
        like
          ? rpc().api.posts[':slug'].like.$post({ param: { slug: encodeURIComponent(post.slug) } })
          : rpc().api.posts[':slug'].like.$delete({ param: { slug: encodeURIComponent(post.slug) } }),
      ),
    onMutate: async (like) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData(key);
      queryClient.setQueryData(key, (p) =>
        p ? { ...p, likedByMe: like, likesCount: Math.max(0, p.likesCount + (like ? 1 : -1)) } : p,
      );
      return { previous };
    },
    onError: (_error, _like, context) => {
      queryClient.setQueryData(key, context?.previous);
      toast('Your like could not be saved. Please try again.', 'error');
    },
    onSuccess: (answer) => {
      queryClient.setQueryData(key, (p) => (p ? { ...p, ...answer } : p));
    },
  });

  return (
    <button
      type="button"
      className={`like-button${liked ? ' liked' : ''}`}
      aria-pressed={liked}
      disabled={mutation.isPending}
      onClick={() => (signedIn ? mutation.mutate(!liked) : navigate(`/login?next=/p/${post.slug}`))}
    >
      <span aria-hidden="true">{liked ? '♥' : '♡'}</span> <span data-testid="likes-count">{post.likesCount}</span>
      <span className="visually-hidden">{post.likesCount === 1 ? ' like' : ' likes'}</span>
    </button>
  );
}
