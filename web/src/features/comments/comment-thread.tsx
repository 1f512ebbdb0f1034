import { useState } from 'react';
import { Link } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { displayNameOf, formatDate } from '#web/lib/format';
import { useCurrentUser } from '#web/lib/session';
import { CommentForm } from './comment-form';
import type { CommentNode } from './queries';

interface Actions {
  onReply: (body: string, parentId: string) => void;
  onDelete: (id: string) => void;
  onTyping?: () => void;
}

export function CommentThread({
  nodes,
  actions,
  depth = 0,
}: {
  nodes: CommentNode[];
  actions: Actions;
  depth?: number;
}) {
  if (nodes.length === 0) return null;
  return (
    <ol className={depth === 0 ? 'comments' : 'replies'}>
      {nodes.map((node) => (
        <CommentItem key={node.comment.id} node={node} actions={actions} depth={depth} />
      ))}
    </ol>
  );
}

function CommentItem({ node, actions, depth }: { node: CommentNode; actions: Actions; depth: number }) {
  const { comment } = node;
  const user = useCurrentUser();
  const [replying, setReplying] = useState(false);
  const pending = comment.id.startsWith('pending-');
  const canDelete = !pending && !comment.deleted && (user?.id === comment.author.id || user?.role === 'admin');
  return (
    <li className="comment" id={`comment-${comment.id}`} aria-busy={pending || undefined}>
      {comment.deleted ? (
        <p className="muted">This comment was deleted.</p>
      ) : (
        <>
          <div className="byline">
            <Avatar user={comment.author} size={24} />
            <Link to={`/@${comment.author.username}`}>{displayNameOf(comment.author)}</Link>
            <time dateTime={comment.createdAt}>{formatDate(comment.createdAt)}</time>
            {pending ? <span className="muted">Sending…</span> : null}
          </div>
          {comment.html ? (
            // The server renders and sanitizes comment HTML.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the API
            <div className="comment-body prose" dangerouslySetInnerHTML={{ __html: comment.html }} />
          ) : (
            <p className="comment-body">{comment.body}</p>
          )}
          <div className="row">
            {user && !pending && depth < 6 ? (
              <button type="button" className="link" aria-expanded={replying} onClick={() => setReplying((r) => !r)}>
                Reply
              </button>
            ) : null}
            {canDelete ? (
              <button
                type="button"
                className="link danger"
                onClick={() => {
                  if (window.confirm('Delete this comment?')) actions.onDelete(comment.id);
                }}
              >
                Delete
              </button>
            ) : null}
          </div>
        </>
      )}
      {replying ? (
        <CommentForm
          label={`Reply to ${displayNameOf(comment.author)}`}
          submitLabel="Reply"
          autoFocus
          onTyping={actions.onTyping}
          onCancel={() => setReplying(false)}
          onSubmit={(body) => {
            actions.onReply(body, comment.id);
            setReplying(false);
          }}
        />
      ) : null}
      <CommentThread nodes={node.replies} actions={actions} depth={depth + 1} />
    </li>
  );
}
