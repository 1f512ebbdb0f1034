import { and, eq, like, ne, or, sql } from 'drizzle-orm';
import { isPgError } from '#db/pg-errors';
import { postSlugs, posts } from '#db/schema';
import type { Executor } from '#db/types';
import { conflictOn } from '#worker/errors';
import { reservedPostSlugs } from '#worker/schemas/posts';

const maxBaseLength = 80;

/** A URL slug from a title: ASCII letters and digits (accents folded) joined by "-"; "post" if nothing is left. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxBaseLength)
    .replace(/-+$/, '');
  return slug || 'post';
}

/** Slugs starting with `base` held by any post, current or former. `base` is [a-z0-9-] only: no LIKE wildcards. */
async function takenLike(tx: Executor, base: string): Promise<Set<string>> {
  const pattern = `${base}-%`;
  const [current, former] = await Promise.all([
    tx
      .select({ slug: posts.slug })
      .from(posts)
      .where(or(eq(posts.slug, base), like(posts.slug, pattern))),
    tx
      .select({ slug: postSlugs.slug })
      .from(postSlugs)
      .where(or(eq(postSlugs.slug, base), like(postSlugs.slug, pattern))),
  ]);
  return new Set([...current, ...former].map((r) => r.slug).concat(reservedPostSlugs));
}

/**
 * The title's slug, or the same with the lowest free "-2", "-3"... suffix. Writers deriving the same
 * base take turns (a transaction-scoped advisory lock) so simultaneous posts with one title do not
 * all pick the same suffix; the unique index still guards against anyone else.
 */
export async function freeSlugFor(tx: Executor, title: string): Promise<string> {
  const base = slugify(title);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`post-slug:${base}`}))`);
  const taken = await takenLike(tx, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Checks that an explicitly chosen slug is free for this post (null when creating). A post may take
 * back one of its own former slugs; that redirect is then dropped. Throws 409 on `slug` otherwise.
 */
export async function claimSlug(tx: Executor, slug: string, postId: string | null): Promise<void> {
  const taken = () => conflictOn('slug', 'This slug is already taken');
  if (reservedPostSlugs.includes(slug)) throw taken();
  const [current] = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(postId ? and(eq(posts.slug, slug), ne(posts.id, postId)) : eq(posts.slug, slug));
  if (current) throw taken();
  const [former] = await tx.select({ postId: postSlugs.postId }).from(postSlugs).where(eq(postSlugs.slug, slug));
  if (!former) return;
  if (former.postId !== postId) throw taken();
  await tx.delete(postSlugs).where(eq(postSlugs.slug, slug));
}

/** Whether an error is Postgres's unique violation (23505), whichever driver or wrapper carried it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isPgError(error, '23505', constraint);
}
