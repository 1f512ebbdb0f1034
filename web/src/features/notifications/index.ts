/**
 * The notifications feature's front door: other code imports only this. The bell holds the
 * realtime client, so it loads lazily too, only for signed-in visitors.
 */
export const notificationsParts = {
  bell: () => import('./notification-bell').then((m) => m.NotificationBell),
  page: () => import('./notifications-page').then((m) => m.NotificationsPage),
};
