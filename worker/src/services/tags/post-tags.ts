import { asc, eq, inArray } from 'drizzle-orm';
import { postTags, tags } from '#db/schema';
import type { Executor } from '#db/types';
import { tagSlug } from '#worker/schemas/posts';

export interface TagRef {
  name: string;
  slug: string;
}

/** Trimmed names keyed by slug; the first spelling of a slug wins, and names that slug to nothing are dropped. */
export function normalizeTags(names: readonly string[]): TagRef[] {
  const bySlug = new Map<string, TagRef>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const slug = tagSlug(name);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, { name, slug });
  }
  return [...bySlug.values()];
}

/**
 * Replaces a post's tags inside the caller's transaction. Existing tags keep the name they were
 * first created with, so "TypeScript" and "typescript" are one tag. Returns the stored names.
 */
export async function setPostTags(tx: Executor, postId: string, refs: readonly TagRef[]): Promise<string[]> {
  await tx.delete(postTags).where(eq(postTags.postId, postId));
  if (refs.length === 0) return [];
  await tx
    .insert(tags)
    .values([...refs])
    .onConflictDoNothing({ target: tags.slug });
  const stored = await tx
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(
      inArray(
        tags.slug,
        refs.map((r) => r.slug),
      ),
    )
    .orderBy(asc(tags.name));
  await tx.insert(postTags).values(stored.map((t) => ({ postId, tagId: t.id })));
  return stored.map((t) => t.name);
}

/** Tag names of each of the given posts, alphabetical. */
export async function tagNamesByPost(db: Executor, postIds: readonly string[]): Promise<Map<string, string[]>> {
  const byPost = new Map<string, string[]>();
  if (postIds.length === 0) return byPost;
  const rows = await db
    .select({ postId: postTags.postId, name: tags.name })
    .from(postTags)
    .innerJoin(tags, eq(tags.id, postTags.tagId))
    .where(inArray(postTags.postId, [...postIds]))
    .orderBy(asc(tags.name));
  for (const row of rows) {
    const list = byPost.get(row.postId) ?? [];
    list.push(row.name);
    byPost.set(row.postId, list);
  }
  return byPost;
}
