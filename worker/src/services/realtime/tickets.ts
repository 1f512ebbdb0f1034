import { type RoomName, splitRoomName } from '#realtime/protocol';
import { signTicket } from '#realtime/tokens';
import type { AuthUser } from '#worker/domain/auth-user';
import { AppError, notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { postVisibleTo } from './room-access';

/**
 * Issues a 60-second ticket for `room`: a user room only to its owner, a post room only to someone
 * who may read the post (a draft's room stays its author's and the admins'). Another's draft is a 404.
 */
export async function issueRoomTicket(
  deps: Deps,
  user: AuthUser,
  room: RoomName,
): Promise<{ ticket: string; expiresAt: string }> {
  const { party, id } = splitRoomName(room);
  const now = deps.clock.now();
  if (party === 'user' && id !== user.id) throw new AppError('forbidden', 'You may only join your own user room');
  if (party === 'post' && !(await postVisibleTo(deps.db, id, user, now))) throw notFound('Post');
  const { ticket, expiresAt } = await signTicket(
    deps.config.realtime.secret,
    { userId: user.id, username: user.username },
    room,
    now,
  );
  return { ticket, expiresAt: expiresAt.toISOString() };
}
