import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import type { PostView } from './post-view';
import { getRevision } from './revisions';
import { updatePost } from './write-post';

/** Puts a revision's title and body back as the post's current text; the restore is itself a revision. */
export async function restoreRevision(deps: Deps, editor: AuthUser, slug: string, id: string): Promise<PostView> {
  const revision = await getRevision(deps, editor, slug, id);
  return updatePost(deps, editor, slug, { title: revision.title, body: revision.body }, { restoring: true });
}
