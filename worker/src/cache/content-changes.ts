import type { Cache, ContentChangeSubscriber, ContentChanges } from '../ports';
import { invalidate } from './cached';
import { publicContent } from './public-content';

/** Announcements fanned out to `subscribers`; each must not throw (the cache port never does). */
export function announceTo(...subscribers: ContentChangeSubscriber[]): ContentChanges {
  return {
    async announce(...changes) {
      if (changes.length === 0) return;
      await Promise.all(subscribers.map((subscriber) => subscriber(changes)));
    },
  };
}

/**
 * The cache of public answers as a subscriber: any change retires all of them, since lists, posts,
 * tags and profiles embed each other (ADR 0051). The Node hot responses follow the same version.
 */
export const retirePublicContent =
  (cache: Cache): ContentChangeSubscriber =>
  () =>
    invalidate({ cache }, publicContent);

/** What every target starts from: announcements retire the public-content cache, then reach `more`. */
export const publicContentChanges = (cache: Cache, ...more: ContentChangeSubscriber[]): ContentChanges =>
  announceTo(retirePublicContent(cache), ...more);
