import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { rpc, unwrap } from '#web/lib/api-client';
import { isApiError } from '#web/lib/api-error';
import { toast } from '#web/lib/toasts';
import type { Post } from '#web/lib/types';
import { lineDiff } from './line-diff';

const kindLabels: Record<'publish' | 'save' | 'restore', string> = {
  publish: 'Published',
  save: 'Saved',
  restore: 'Restored',
};

const revisionsOf = () => rpc().api.posts[':slug'].revisions;

/**
 * The post's earlier versions with their times; one opens as a diff against the current text and
 * can be restored in a click (the restore becomes a revision too).
 */
export function RevisionsPanel({
  post,
  currentBody,
  onRestored,
}: {
  post: Post;
  currentBody: string;
  onRestored: (post: Post) => void;
}) {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['revisions', post.id],
    queryFn: () => unwrap(revisionsOf().$get({ param: { slug: post.slug }, query: { limit: '50' } })),
    // Fetched when opened, and again on every opening: saves keep adding to it.
    enabled: shown,
    staleTime: 0,
  });
  const revision = useQuery({
    queryKey: ['revision', post.id, open],
    queryFn: () => unwrap(revisionsOf()[':id'].$get({ param: { slug: post.slug, id: open ?? '' } })),
    enabled: open !== null,
  });

  const restore = async (id: string) => {
    try {
      const { post: restored } = await unwrap(revisionsOf()[':id'].restore.$post({ param: { slug: post.slug, id } }));
      queryClient.setQueryData(['post', restored.slug], restored);
      await queryClient.invalidateQueries({ queryKey: ['revisions', post.id] });
      setOpen(null);
      onRestored(restored);
      toast('The earlier version is back; the one before is kept in the history.', 'success');
    } catch (error) {
      toast(isApiError(error) ? error.message : 'Could not reach the server.', 'error');
    }
  };

  return (
    <details
      className="revisions"
      onToggle={(e) => {
        const opened = e.currentTarget.open;
        setShown(opened);
        if (opened) void queryClient.invalidateQueries({ queryKey: ['revisions', post.id] });
      }}
    >
      <summary>History</summary>
      {list.isError ? <p className="field-error">Could not load the history.</p> : null}
      <ol className="revision-list">
        {(list.data?.items ?? []).map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="link"
              aria-expanded={open === item.id}
              onClick={() => setOpen(open === item.id ? null : item.id)}
            >
              {kindLabels[item.kind]} <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
            </button>{' '}
            <span className="muted">
              “{item.title}”{item.author ? ` by ${item.author.displayName || item.author.username}` : ''}
            </span>
            {open === item.id && revision.data ? (
              <div className="revision-detail">
                <section aria-label="Changes from this version to the current text">
                  <pre className="diff">
                    {lineDiff(revision.data.revision.body, currentBody).map((line, index) => (
                      <span key={`${index}-${line.kind}`} className={`diff-${line.kind}`}>
                        {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                        {line.text}
                        {'\n'}
                      </span>
                    ))}
                  </pre>
                </section>
                <button type="button" className="button-primary" onClick={() => restore(item.id)}>
                  Restore this version
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
