/** The search feature's front door: other code imports only this. Pages load lazily. */
export { prefetchSearch } from './queries';

export const searchPages = {
  search: () => import('./search-page').then((m) => m.SearchPage),
};
