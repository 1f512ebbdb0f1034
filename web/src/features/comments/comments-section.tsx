import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { useSession } from '#web/lib/session';
import { CommentForm } from './comment-form';
import { CommentThread } from './comment-thread';
import { commentsQuery, threadOf } from './queries';
import { useAddComment, useDeleteComment } from './use-comment-mutations';

interface Props {
  slug: string;
  postId: string;
  typing: string[];
  onTyping: () => void;
}

export function CommentsSection({ slug, postId, typing, onTyping }: Props) {
  const signedIn = useSession((s) => s.status === 'authenticated');
  const comments = useQuery(commentsQuery(slug));
  const add = useAddComment(slug, postId);
  const remove = useDeleteComment(slug);
  const actions = {
    onReply: (body: string, parentId: string) => add.mutate({ body, parentId }),
    onDelete: (id: string) => remove.mutate(id),
    onTyping,
  };
  return (
    <section className="comments-section" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        Comments{comments.data ? ` (${comments.data.filter((c) => !c.deleted).length})` : ''}
      </h2>
      {signedIn ? (
        <CommentForm
          label="Add a comment"
          submitLabel="Comment"
          onTyping={onTyping}
          onSubmit={(body) => add.mutate({ body })}
        />
      ) : (
        <p>
          <Link to={`/login?next=${encodeURIComponent(`/p/${slug}`)}`}>Log in</Link> to join the conversation.
        </p>
      )}
      <p className="typing" aria-live="polite">
        {typing.length ? `${typing.join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…` : ''}
      </p>
      {comments.isPending ? (
        <Skeleton lines={3} label="Loading comments" />
      ) : comments.isError ? (
        <QueryError error={comments.error} retry={() => comments.refetch()} />
      ) : comments.data.length === 0 ? (
        <p className="muted">No comments yet. Be the first.</p>
      ) : (
        <CommentThread nodes={threadOf(comments.data)} actions={actions} />
      )}
    </section>
  );
}
