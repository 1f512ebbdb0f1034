import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '#worker/app-env';
import { cacheableGet } from '#worker/middleware/etag';
import { errorResponse } from '#worker/openapi/responses';
import { robotsTxt } from '#worker/services/discovery/robots';
import { sitemapFile, sitemapIndex } from '#worker/services/discovery/sitemap';
import { answerPublicDocument } from '../public-document';

const xmlType = 'application/xml; charset=utf-8';
const xmlResponse = (description: string) => ({ description, content: { 'application/xml': {} } });

/** What search engines look for at the site's root: robots.txt and the sitemaps of every public page. */
export const discoveryRoutes = new Hono<AppEnv>()
  .get(
    '/robots.txt',
    describeRoute({
      tags: ['discovery'],
      summary: 'Crawler rules, naming the sitemap',
      responses: { 200: { description: 'robots.txt', content: { 'text/plain': {} } } },
    }),
    cacheableGet,
    (c) => c.text(robotsTxt(c.get('deps').config.publicUrl)),
  )
  .get(
    '/sitemap.xml',
    describeRoute({
      tags: ['discovery'],
      summary: 'Sitemap index of every public page',
      responses: { 200: xmlResponse('A sitemap index (sitemaps.org 0.9)'), 304: { description: 'Not modified' } },
    }),
    cacheableGet,
    (c) => answerPublicDocument(c, 'sitemap:index', xmlType, () => sitemapIndex(c.get('deps'))),
  )
  .get(
    '/sitemaps/:file',
    describeRoute({
      tags: ['discovery'],
      summary: 'One sitemap file named in the index',
      responses: {
        200: xmlResponse('A sitemap (sitemaps.org 0.9)'),
        304: { description: 'Not modified' },
        404: errorResponse('`not_found`: no such sitemap file'),
      },
    }),
    cacheableGet,
    (c) => {
      const file = c.req.param('file');
      return answerPublicDocument(c, `sitemap:${file}`, xmlType, () => sitemapFile(c.get('deps'), file));
    },
  );
