import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Avatar } from '#web/components/ui/avatar';
import { EmptyState } from '#web/components/ui/empty-state';
import { InfiniteSentinel } from '#web/components/ui/infinite-sentinel';
import { QueryError } from '#web/components/ui/query-error';
import { Skeleton } from '#web/components/ui/skeleton';
import { rpc, unwrap } from '#web/lib/api-client';
import { displayNameOf, formatDate } from '#web/lib/format';
import { toast } from '#web/lib/toasts';
import type { Notification } from '#web/lib/types';
import { useDocumentTitle } from '#web/lib/use-document-title';
import { RequireAuth } from '../auth';
import { notificationsQuery } from './queries';

const verbs: Record<Notification['type'], string> = {
  comment: 'commented on',
  reply: 'replied to you on',
  like: 'liked',
  follow: 'started following you',
  publish: 'published',
};

export function NotificationsPage() {
  useDocumentTitle('Notifications');
  return (
    <RequireAuth>
      <Notifications />
    </RequireAuth>
  );
}

function Notifications() {
  const queryClient = useQueryClient();
  const result = useInfiniteQuery(notificationsQuery());
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(rpc().api.notifications[':id'].read.$post({ param: { id } })),
    onSuccess: refresh,
    onError: () => toast('Could not mark as read.', 'error'),
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(rpc().api.notifications['read-all'].$post()),
    onSuccess: refresh,
    onError: () => toast('Could not mark all as read.', 'error'),
  });
  const items = result.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <div className="row spread">
        <h1>Notifications</h1>
        <button type="button" onClick={() => markAll.mutate()} disabled={!items.some((n) => !n.read)}>
          Mark all as read
        </button>
      </div>
      {result.isPending ? (
        <Skeleton lines={5} label="Loading notifications" />
      ) : result.isError ? (
        <QueryError error={result.error} retry={() => result.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="You are all caught up" />
      ) : (
        <>
          <ul className="notifications">
            {items.map((n) => (
              <li key={n.id} className={n.read ? 'notification' : 'notification unread'}>
                <Avatar user={n.actor} size={28} />
                <p>
                  <Link to={`/@${n.actor.username}`}>{displayNameOf(n.actor)}</Link> {verbs[n.type]}{' '}
                  {n.post ? (
                    <Link to={`/p/${n.post.slug}${n.comment ? `#comment-${n.comment.id}` : ''}`}>{n.post.title}</Link>
                  ) : null}
                  <br />
                  <time className="muted" dateTime={n.createdAt}>
                    {formatDate(n.createdAt)}
                  </time>
                </p>
                {!n.read ? (
                  <button type="button" className="link" onClick={() => markRead.mutate(n.id)}>
                    Mark read<span className="visually-hidden"> notification from {n.actor.username}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <InfiniteSentinel pages={result} />
        </>
      )}
    </section>
  );
}
