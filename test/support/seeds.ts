import { eq } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { Database } from '#db/types';
import type { AuthUser } from '#worker/domain/auth-user';
import { createUser, uniqueSuffix } from './factories';

/** A user inserted straight into the database, with a valid access token and its bearer header. */
export interface TestActor extends AuthUser {
  token: string;
  headers: Record<string, string>;
}

/** A user from the shared factory, under a recognisable name prefix, in the shape these tests use. */
export async function seedUser(
  db: Database,
  name: string,
  options: { role?: 'user' | 'admin'; suspended?: boolean } = {},
): Promise<TestActor> {
  const { user, accessToken, headers } = await createUser(db, {
    ...options,
    username: `${name}_${uniqueSuffix()}`.slice(0, 30),
  });
  return { id: user.id, username: user.username, role: user.role, token: accessToken, headers };
}

/** Inserts a post; published (in the past) unless told otherwise. */
export async function seedPost(
  db: Database,
  author: { id: string },
  options: { status?: 'draft' | 'scheduled' | 'published'; publishedAt?: Date } = {},
): Promise<{ id: string; slug: string }> {
  const suffix = uniqueSuffix();
  const status = options.status ?? 'published';
  const publishedAt = options.publishedAt ?? (status === 'draft' ? null : new Date(Date.now() - 60_000));
  const slug = `post-${suffix}`;
  const [row] = await db
    .insert(posts)
    .values({
      authorId: author.id,
      slug,
      title: `Post ${suffix}`,
      body: 'Body',
      html: '<p>Body</p>',
      status,
      publishedAt,
    })
    .returning({ id: posts.id, slug: posts.slug });
  if (!row) throw new Error('post insert returned nothing');
  return row;
}

export async function commentsCountOf(db: Database, postId: string): Promise<number> {
  const [row] = await db.select({ n: posts.commentsCount }).from(posts).where(eq(posts.id, postId));
  return row?.n ?? -1;
}
