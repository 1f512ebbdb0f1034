import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Deps } from '#worker/ports';
import { register } from '#worker/services/auth/register';
import { createComment } from '#worker/services/comments/create-comment';
import { followUser } from '#worker/services/follows/follow-user';
import { likePost } from '#worker/services/posts/likes';
import { createPost } from '#worker/services/posts/write-post';
import type { AuthUser } from '../domain/auth-user';
import { type DemoUsername, demoComments, demoFollows, demoLikes, demoPosts, demoUsers } from './seed-content';

export interface DemoCredential {
  email: string;
  password: string;
  role: 'user' | 'admin';
}

/**
 * Seeds the demo blog through the real services (so html, search vectors, counters and
 * notifications are exactly what users would produce), once: a database with any user is left alone.
 * Passwords are random per installation and returned for printing.
 */
export async function seedDemoContent(deps: Deps): Promise<DemoCredential[] | undefined> {
  const [{ count } = { count: 0 }] = await deps.db.select({ count: sql<number>`count(*)::int` }).from(users);
  if (count > 0) return undefined;

  const accounts = new Map<DemoUsername, AuthUser>();
  const credentials: DemoCredential[] = [];
  for (const demo of demoUsers) {
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    const { user } = await register(deps, { email: demo.email, username: demo.username, password }, { verified: true });
    const role = demo.admin ? 'admin' : 'user';
    // Unverified while the demo history is written: notification mail goes to verified addresses only,
    // and nobody should be mailed about comments that were never news.
    await deps.db
      .update(users)
      .set({ displayName: demo.displayName, role, emailVerifiedAt: null })
      .where(eq(users.id, user.id));
    accounts.set(demo.username, { id: user.id, username: user.username, role });
    credentials.push({ email: demo.email, password, role });
  }
  const account = (name: DemoUsername) => accounts.get(name) as AuthUser;

  for (const [follower, followee] of demoFollows) await followUser(deps, account(follower), followee);
  const slugs: string[] = [];
  for (const post of demoPosts) {
    const created = await createPost(deps, account(post.author), {
      title: post.title,
      body: post.body,
      tags: post.tags,
      status: post.status ?? 'published',
    });
    slugs.push(created.slug);
  }
  const commentIds: string[] = [];
  for (const comment of demoComments) {
    const parentId = 'replyTo' in comment ? commentIds[comment.replyTo] : undefined;
    const created = await createComment(deps, account(comment.author), slugs[comment.post] as string, {
      body: comment.body,
      ...(parentId ? { parentId } : {}),
    });
    commentIds.push(created.id);
  }
  for (const [liker, post] of demoLikes) await likePost(deps, account(liker), slugs[post] as string);
  const ids = [...accounts.values()].map((a) => a.id);
  await deps.db.update(users).set({ emailVerifiedAt: deps.clock.now() }).where(inArray(users.id, ids));
  return credentials;
}
