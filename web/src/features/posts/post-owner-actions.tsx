import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { rpc, unwrap } from '#web/lib/api-client';
import { useCurrentUser } from '#web/lib/session';
import { toast } from '#web/lib/toasts';
import type { Post } from '#web/lib/types';

/** Edit for the author; delete for the author and for admins (moderation happens where a post is shown). */
export function PostOwnerActions({ post }: { post: Post }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => unwrap(rpc().api.posts[':slug'].$delete({ param: { slug: encodeURIComponent(post.slug) } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['post', post.slug] });
      queryClient.invalidateQueries({ queryKey: ['posts'] });
      toast('Post deleted.', 'success');
      navigate('/');
    },
    onError: () => toast('The post could not be deleted.', 'error'),
  });
  const isAuthor = user?.id === post.author.id;
  if (!user || !(isAuthor || user.role === 'admin')) return null;
  return (
    <div className="row">
      {isAuthor ? <Link to={`/write/${post.slug}`}>Edit</Link> : null}
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Delete “${post.title}”? This cannot be undone.`)) remove.mutate();
        }}
      >
        Delete post
      </button>
    </div>
  );
}
