import { eq } from 'drizzle-orm';
import { posts, users } from '../../../../db/schema';
import type { Database } from '../../../../db/types';
import { testConfig } from '../../../../test/support/deps';
import { createPgliteDatabase, createTestDatabase } from '../../../../test/support/postgres';
import { postgresAvailable } from '../../../../test/support/services';
import type { AuthUser } from '../../app-env';
import type { RealtimeEvent, RealtimePublisher } from '../../ports';
import { signAccessToken } from '../../services/auth/access-token';

/** A user inserted straight into the database, with a valid access token. */
export interface TestActor extends AuthUser {
  token: string;
}

let sequence = 0;

/** Inserts a user (optionally admin or suspended) and signs a token for them. */
export async function seedUser(
  db: Database,
  name: string,
  options: { role?: 'user' | 'admin'; suspended?: boolean } = {},
): Promise<TestActor> {
  sequence += 1;
  const username = `${name}-${sequence}`.toLowerCase();
  const role = options.role ?? 'user';
  const [row] = await db
    .insert(users)
    .values({
      email: `${username}@example.test`,
      username,
      passwordHash: 'not-a-real-hash',
      role,
      suspendedAt: options.suspended ? new Date() : null,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('user insert returned nothing');
  const token = await signAccessToken(testConfig, { userId: row.id, username, role, version: 0 }, new Date());
  return { id: row.id, username, role, token };
}

/** Inserts a post; published (in the past) unless told otherwise. */
export async function seedPost(
  db: Database,
  author: { id: string },
  options: { status?: 'draft' | 'scheduled' | 'published'; publishedAt?: Date } = {},
): Promise<{ id: string; slug: string }> {
  sequence += 1;
  const status = options.status ?? 'published';
  const publishedAt = options.publishedAt ?? (status === 'draft' ? null : new Date(Date.now() - 60_000));
  const slug = `post-${sequence}`;
  const [row] = await db
    .insert(posts)
    .values({
      authorId: author.id,
      slug,
      title: `Post ${sequence}`,
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

/** Request options for `app.request`, as the given actor (or anonymous). */
export function as(actor: { token: string } | undefined, method = 'GET', body?: unknown): RequestInit {
  const headers: Record<string, string> = {};
  if (actor) headers.authorization = `Bearer ${actor.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}

export interface TestEngine {
  name: string;
  available: boolean;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
}

/** The embedded engine (PGlite) always; real Postgres when it is there (loudly skipped otherwise). */
export async function testEngines(): Promise<TestEngine[]> {
  return [
    {
      name: 'PGlite',
      available: true,
      async open() {
        const handle = await createPgliteDatabase();
        return { db: handle.db, close: () => handle.close() };
      },
    },
    {
      name: 'Postgres',
      available: await postgresAvailable(),
      async open() {
        const database = await createTestDatabase();
        return { db: database.handle.db, close: () => database.drop() };
      },
    },
  ];
}

export interface RecordedEvent extends RealtimeEvent {
  room: string;
}

/** A RealtimePublisher of our own that remembers what was published, in order. */
export function recordingRealtime(): RealtimePublisher & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    async publish(room, event) {
      events.push({ room, ...event });
    },
  };
}
