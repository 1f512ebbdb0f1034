import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import { listPosts, type Page, type PostView } from '../posts';
import type { PageRequest } from '../posts/list-posts';

/** Live posts by the authors the reader follows, newest first, keyset-paginated. */
export function listFeed(deps: Deps, reader: AuthUser, page: PageRequest): Promise<Page<PostView>> {
  return listPosts(deps, reader, { followedBy: reader.id }, 'latest', page);
}
