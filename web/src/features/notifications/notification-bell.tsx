import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { BellIcon } from '#web/components/ui/bell-icon';
import { type Envelope, useRoom } from '#web/lib/realtime';
import { useSession } from '#web/lib/session';
import { notificationsQuery, unreadCountQuery } from './queries';

/** The unread badge, kept current by the user's own room. */
export function NotificationBell() {
  const userId = useSession((s) => s.user?.id ?? null);
  const queryClient = useQueryClient();
  const unread = useQuery({ ...unreadCountQuery(), enabled: Boolean(userId) });

  const onMessage = (message: Envelope) => {
    if (message.type === 'notifications.unread') {
      queryClient.setQueryData(unreadCountQuery().queryKey, message.data.count);
    } else if (message.type === 'notification.created') {
      queryClient.setQueryData(unreadCountQuery().queryKey, (n) => (n ?? 0) + 1);
      queryClient.invalidateQueries({ queryKey: notificationsQuery().queryKey });
    }
  };
  const resync = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  useRoom('user', userId, { onMessage, onResync: resync }, userId);

  const count = unread.data ?? 0;
  return (
    <Link to="/notifications" className="bell" aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}>
      <BellIcon />
      {count > 0 ? (
        <span className="badge-count" data-testid="unread-count">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
