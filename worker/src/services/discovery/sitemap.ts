import { asc, count, countDistinct, eq, max, sql } from 'drizzle-orm';
import { posts, postTags, tags, users } from '../../../../db/schema';
import { notFound } from '../../errors';
import type { Deps } from '../../ports';
import { isLive } from '../posts/visibility';
import { readerPaths } from '../reader-paths';
import { renderSitemapIndex, renderUrlSet, type SitemapUrl } from './sitemap-xml';

/**
 * URLs per sitemap file. The protocol allows 50,000; smaller files keep each answer quick to build
 * and to cache, and a crawler fetches only the files whose content changed.
 */
export const sitemapFileSize = 10_000;

interface Section {
  count(deps: Deps, now: Date): Promise<number>;
  /** One file's URLs, in an order in which earlier files rarely change: oldest first, or by name. */
  urls(deps: Deps, now: Date, offset: number, limit: number): Promise<SitemapUrl[]>;
}

const sections: Record<string, Section> = {
  posts: {
    async count(deps, now) {
      const [row] = await deps.db.select({ n: count() }).from(posts).where(isLive(now));
      return row?.n ?? 0;
    },
    async urls(deps, now, offset, limit) {
      const rows = await deps.db
        .select({
          slug: posts.slug,
          // A scheduled post may have been last edited before it went live.
          lastModified: sql`greatest(${posts.updatedAt}, ${posts.publishedAt})`.mapWith(posts.updatedAt),
        })
        .from(posts)
        .where(isLive(now))
        .orderBy(asc(posts.publishedAt), asc(posts.id))
        .offset(offset)
        .limit(limit);
      return rows.map((row) => ({ path: readerPaths.post(row.slug), lastModified: row.lastModified }));
    },
  },
  tags: {
    async count(deps, now) {
      const [row] = await deps.db
        .select({ n: countDistinct(postTags.tagId) })
        .from(postTags)
        .innerJoin(posts, eq(posts.id, postTags.postId))
        .where(isLive(now));
      return row?.n ?? 0;
    },
    async urls(deps, now, offset, limit) {
      const rows = await deps.db
        .select({ slug: tags.slug, lastModified: max(posts.publishedAt) })
        .from(tags)
        .innerJoin(postTags, eq(postTags.tagId, tags.id))
        .innerJoin(posts, eq(posts.id, postTags.postId))
        .where(isLive(now))
        .groupBy(tags.id)
        .orderBy(asc(tags.slug))
        .offset(offset)
        .limit(limit);
      return rows.map((row) => ({
        path: readerPaths.tag(row.slug),
        lastModified: row.lastModified ?? undefined,
      }));
    },
  },
  authors: {
    async count(deps, now) {
      const [row] = await deps.db
        .select({ n: countDistinct(posts.authorId) })
        .from(posts)
        .where(isLive(now));
      return row?.n ?? 0;
    },
    async urls(deps, now, offset, limit) {
      const rows = await deps.db
        .select({ username: users.username, lastModified: max(posts.publishedAt) })
        .from(users)
        .innerJoin(posts, eq(posts.authorId, users.id))
        .where(isLive(now))
        .groupBy(users.id)
        .orderBy(asc(users.username))
        .offset(offset)
        .limit(limit);
      return rows.map((row) => ({
        path: readerPaths.profile(row.username),
        lastModified: row.lastModified ?? undefined,
      }));
    },
  },
};

const sectionFile = new RegExp(`^(${Object.keys(sections).join('|')})-([1-9][0-9]{0,6})\\.xml$`);

/** The sitemap index: the site's own pages, then as many files of each section as its URLs fill. */
export async function sitemapIndex(deps: Deps, fileSize = sitemapFileSize): Promise<string> {
  const now = deps.clock.now();
  const files = ['/sitemaps/site.xml'];
  for (const [name, section] of Object.entries(sections)) {
    const pages = Math.ceil((await section.count(deps, now)) / fileSize);
    for (let page = 1; page <= pages; page++) files.push(`/sitemaps/${name}-${page}.xml`);
  }
  return renderSitemapIndex(deps.config.publicUrl, files);
}

/** One sitemap file named in the index (`site.xml`, `posts-3.xml`); 404 for any other name or an empty page. */
export async function sitemapFile(deps: Deps, file: string, fileSize = sitemapFileSize): Promise<string> {
  const now = deps.clock.now();
  const origin = deps.config.publicUrl;
  if (file === 'site.xml') {
    const [latest] = await deps.db
      .select({ at: max(posts.publishedAt) })
      .from(posts)
      .where(isLive(now));
    return renderUrlSet(origin, [{ path: '/', lastModified: latest?.at ?? undefined }]);
  }
  const [, name, page] = sectionFile.exec(file) ?? [];
  const section = name ? sections[name] : undefined;
  const urls = section ? await section.urls(deps, now, (Number(page) - 1) * fileSize, fileSize) : [];
  if (urls.length === 0) throw notFound('Sitemap');
  return renderUrlSet(origin, urls);
}
