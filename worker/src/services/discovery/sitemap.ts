import { asc, count, countDistinct, eq, max, sql } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';
import { posts, postTags, tags, users } from '#db/schema';
import { notFound } from '#worker/errors';
import type { Deps } from '#worker/ports';
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

/** What live posts are grouped by (a tag, an author): each group with a live post is one URL. */
interface Grouping {
  id: PgColumn;
  name: PgColumn;
  path: (name: string) => string;
  /** Joins the group's table onto live posts. */
  join: (query: PgSelect) => PgSelect;
}

/** A section with one URL per group, by name, last modified when its latest post went live. */
function groupOfLivePosts({ id, name, path, join }: Grouping): Section {
  return {
    async count(deps, now) {
      const query = deps.db
        .select({ n: countDistinct(id) })
        .from(posts)
        .$dynamic();
      const [row] = await join(query).where(isLive(now));
      return row?.n ?? 0;
    },
    async urls(deps, now, offset, limit) {
      const query = deps.db
        .select({ name: sql<string>`${name}`, lastModified: max(posts.publishedAt) })
        .from(posts)
        .$dynamic();
      const rows = await join(query).where(isLive(now)).groupBy(id).orderBy(asc(name)).offset(offset).limit(limit);
      return rows.map((row) => ({ path: path(row.name), lastModified: row.lastModified ?? undefined }));
    },
  };
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
  tags: groupOfLivePosts({
    id: tags.id,
    name: tags.slug,
    path: readerPaths.tag,
    join: (query) =>
      query.innerJoin(postTags, eq(postTags.postId, posts.id)).innerJoin(tags, eq(tags.id, postTags.tagId)),
  }),
  authors: groupOfLivePosts({
    id: users.id,
    name: users.username,
    path: readerPaths.profile,
    join: (query) => query.innerJoin(users, eq(users.id, posts.authorId)),
  }),
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
