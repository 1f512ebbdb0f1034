import { asc, count, desc, eq } from 'drizzle-orm';
import { posts, postTags, tags } from '#db/schema';
import type { Executor } from '#db/types';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
import { isLive } from '../posts/visibility';

export interface TagSummary {
  name: string;
  slug: string;
  postsCount: number;
}

/**
 * Tags with the number of live posts carrying them, most used first. Counted at read time from
 * post_tags, so the numbers can never drift from the posts themselves.
 */
export async function listTags({ db, clock }: Deps, limit: number): Promise<TagSummary[]> {
  const postsCount = count(posts.id);
  return db
    .select({ name: tags.name, slug: tags.slug, postsCount })
    .from(tags)
    .innerJoin(postTags, eq(postTags.tagId, tags.id))
    .innerJoin(posts, eq(posts.id, postTags.postId))
    .where(isLive(clock.now()))
    .groupBy(tags.id)
    .orderBy(desc(postsCount), asc(tags.slug))
    .limit(limit);
}

/** The tag with this slug; 404 when there is none. */
export async function findTagBySlug(db: Executor, slug: string): Promise<{ id: string; name: string; slug: string }> {
  const [tag] = await db.select().from(tags).where(eq(tags.slug, slug));
  if (!tag) throw notFound('Tag');
  return tag;
}
