/** The users feature's front door: other code imports only this. Pages load lazily. */
export { prefetchProfile, userQuery } from './queries';

export const usersPages = {
  profile: () => import('./profile-page').then((m) => m.ProfilePage),
};
