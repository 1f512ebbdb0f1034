import { eq } from 'drizzle-orm';
import { comments } from '#db/schema';
import type { AuthUser } from '#worker/domain/auth-user';
import type { Deps } from '#worker/ports';
import type { UpdateCommentBody } from '#worker/schemas/comments';
import { renderMarkdown } from '../content';
import { enqueueRoomEvents } from '../realtime/outbox';
import { lockCommentForChange } from './change-comment';
import { type CommentView, loadCommentView } from './comment-view';

/** Rewrites a comment's body. Its author may, and admins (moderation); the post's author may not. */
export async function updateComment(
  deps: Deps,
  viewer: AuthUser,
  id: string,
  input: UpdateCommentBody,
): Promise<CommentView> {
  const { html } = renderMarkdown(input.body);
  const comment = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await lockCommentForChange(tx, id, viewer, now, (c) => c.authorId === viewer.id || viewer.role === 'admin');
    await tx.update(comments).set({ body: input.body, html, updatedAt: now }).where(eq(comments.id, id));
    const view = await loadCommentView(tx, id);
    if (!view) throw new Error('updated comment vanished');
    await enqueueRoomEvents(tx, [{ room: `post/${view.postId}`, type: 'comment.updated', ref: id }]);
    return view;
  });
  await deps.changes.announce({ entity: 'comments', postId: comment.postId });
  deps.realtime.flush();
  return comment;
}
