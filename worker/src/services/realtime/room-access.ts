import { and, eq } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { Database } from '#db/types';
import type { RoomBackend } from '#realtime/rooms/host';
import type { AuthUser } from '#worker/domain/auth-user';
import { canSeePost, isLive } from '../posts/visibility';
import { roomEventsSince } from './event-log';

/** Whether anyone, signed in or not, may read the post (and so join its room without a ticket). */
export async function postIsPublic(db: Database, postId: string, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.id, postId), isLive(now)));
  return rows.length > 0;
}

/** Whether `user` may read the post: it is live, or it is theirs, or they are an admin. */
export async function postVisibleTo(db: Database, postId: string, user: AuthUser, now: Date): Promise<boolean> {
  const [post] = await db
    .select({ authorId: posts.authorId, status: posts.status, publishedAt: posts.publishedAt })
    .from(posts)
    .where(eq(posts.id, postId));
  return post !== undefined && canSeePost(post, user, now);
}

/** What the Node-hosted rooms ask of the database (realtime/src/rooms/host.ts `RoomBackend`). */
export function databaseRoomBackend(db: Database, now: () => Date = () => new Date()): RoomBackend {
  return {
    eventsSince: (room, since, limit) => roomEventsSince(db, room, since, limit),
    postIsPublic: (postId) => postIsPublic(db, postId, now()),
  };
}
