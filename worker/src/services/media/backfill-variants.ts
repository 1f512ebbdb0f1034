import { and, asc, eq, gt, ne, sql } from 'drizzle-orm';
import { media, posts } from '#db/schema';
import type { AppConfig, Deps } from '#worker/ports';
import { derivePostContent } from '../posts/post-content';
import { sniffImageFormat } from './image-format';
import { assertDecodable, buildVariants, plannedWidths } from './image-variants';

export interface BackfillReport {
  images: number;
  variants: number;
  skipped: number;
  posts: number;
}

async function readAll(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * Gives images uploaded before variants existed their variants, then re-renders the posts that
 * show them so their HTML gets `srcset`. Their EXIF orientation was stripped at upload, so they are
 * resized as stored. Safe to run again: only images without variants are looked at.
 */
export async function backfillVariants(
  deps: Pick<Deps, 'db' | 'media' | 'images' | 'logger' | 'changes'> & { config: Pick<AppConfig, 'uploadMaxPixels'> },
): Promise<BackfillReport> {
  const report: BackfillReport = { images: 0, variants: 0, skipped: 0, posts: 0 };
  const changedKeys: string[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await deps.db
      .select()
      .from(media)
      .where(and(gt(media.id, after), sql`${media.variants} = '[]'::jsonb`, ne(media.contentType, 'image/gif')))
      .orderBy(asc(media.id))
      .limit(50);
    if (batch.length === 0) break;
    for (const row of batch) {
      after = row.id;
      if (plannedWidths(row).length === 0) continue;
      const stored = await deps.media.get(row.key);
      const bytes = stored ? await readAll(stored.body) : undefined;
      const image = bytes ? (await sniffImageFormat(bytes))?.clean(bytes) : undefined;
      try {
        if (!image || image.animated) throw new Error('not a stored still image');
        assertDecodable(deps, image);
        const variants = await buildVariants(deps, image);
        await deps.db.update(media).set({ variants }).where(eq(media.id, row.id));
        report.images += 1;
        report.variants += variants.length;
        changedKeys.push(row.key);
      } catch (error) {
        report.skipped += 1;
        deps.logger.warn('media variants skipped', { key: row.key, reason: String(error) });
      }
    }
  }
  for (const key of changedKeys) report.posts += await rerenderPostsShowing(deps, key);
  return report;
}

/** Re-derives the HTML of every post whose body mentions `key`; the post's text and version are unchanged. */
async function rerenderPostsShowing(deps: Pick<Deps, 'db' | 'changes'>, key: string): Promise<number> {
  const showing = await deps.db
    .select({ id: posts.id, body: posts.body })
    .from(posts)
    .where(sql`strpos(${posts.body}, ${key}) > 0`);
  for (const post of showing) {
    const { html } = await derivePostContent(deps.db, post.body);
    await deps.db.update(posts).set({ html }).where(eq(posts.id, post.id));
    // Cached answers and pages holding the old HTML retire now, not when they expire.
    await deps.changes.announce({ entity: 'post', id: post.id });
  }
  return showing.length;
}
