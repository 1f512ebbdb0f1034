import { eq, sql } from 'drizzle-orm';
import { posts } from '#db/schema';
import type { Executor } from '#db/types';

/** The text search configuration for indexing and querying alike; they must agree. */
export const searchConfig = 'english';

export interface SearchableText {
  title: string;
  tags: readonly string[];
  bodyText: string;
}

/**
 * Rewrites a post's search vector: title weighted A, tags B, body text C. Kept by the service
 * because a generated column cannot read post_tags; every write of title, body or tags calls this.
 */
export async function writeSearchVector(tx: Executor, postId: string, text: SearchableText): Promise<void> {
  const config = sql.raw(`'${searchConfig}'`);
  await tx
    .update(posts)
    .set({
      searchVector: sql`setweight(to_tsvector(${config}, ${text.title}), 'A')
        || setweight(to_tsvector(${config}, ${text.tags.join(' ')}), 'B')
        || setweight(to_tsvector(${config}, ${text.bodyText}), 'C')`,
    })
    .where(eq(posts.id, postId));
}
