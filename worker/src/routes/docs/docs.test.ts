import { Validator } from '@seriousme/openapi-schema-validator';
import { findTargetHandler } from 'hono/utils/handler';
import { uniqueSymbol } from 'hono-openapi';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postsAppOn } from '#test/app-under-test';
import { testConfig } from '#test/deps';
import { contractEngines } from '#test/postgres';
import type { Answerer } from '#test/requests';
import { createApp } from '#worker/app';
import type { OpenApiDocument } from '#worker/openapi/document';

/** The contract's routes (API-CONTRACT.md), as OpenAPI paths. */
const contractRoutes = [
  'post /api/auth/register',
  'post /api/auth/login',
  'post /api/auth/refresh',
  'post /api/auth/logout',
  'get /api/users/me',
  'patch /api/users/me',
  'post /api/users/me/password',
  'get /api/users/{username}',
  'post /api/users/{username}/follow',
  'delete /api/users/{username}/follow',
  'get /api/feed',
  'post /api/posts',
  'get /api/posts',
  'get /api/posts/drafts',
  'get /api/posts/{slug}',
  'patch /api/posts/{slug}',
  'delete /api/posts/{slug}',
  'post /api/posts/{slug}/like',
  'delete /api/posts/{slug}/like',
  'get /api/posts/{slug}/comments',
  'post /api/posts/{slug}/comments',
  'patch /api/comments/{id}',
  'delete /api/comments/{id}',
  'get /api/tags',
  'get /api/tags/{slug}/posts',
  'get /api/search',
  'get /api/notifications',
  'get /api/notifications/unread-count',
  'post /api/notifications/{id}/read',
  'post /api/notifications/read-all',
  'post /api/media',
  'get /media/{key}',
  'post /api/realtime/ticket',
  'post /api/admin/users/{username}/suspend',
  'post /api/admin/users/{username}/unsuspend',
  'get /api/health',
];

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

// What serves the document on the engine that runs; the routes themselves are read from the app's code.
let app: Answerer;
let document: OpenApiDocument;
const routedApp = createApp({ config: testConfig, perRequest: async (_c, next) => next() });

/** What the app really routes, as `method path` pairs, with the validators each carries. */
function appOperations() {
  const operations = new Map<string, string[]>();
  for (const route of routedApp.routes) {
    if (route.method === 'ALL' || route.path.includes('*') || route.path.startsWith('/api/docs')) continue;
    if (route.path === '/api/openapi.json') continue;
    const key = `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`;
    const meta = (findTargetHandler(route.handler) as unknown as Record<symbol, { target?: string }>)[uniqueSymbol];
    operations.set(key, [...(operations.get(key) ?? []), ...(meta?.target ? [meta.target] : [])]);
  }
  return operations;
}

const operationOf = (key: string) => {
  const [method, path] = key.split(' ') as [string, string];
  return (document.paths?.[path] as Record<string, Record<string, unknown>> | undefined)?.[method];
};

describe.each(await contractEngines())('the API document on $name', (engine) => {
  describe.skipIf(!engine.available)('', () => {
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await engine.open();
      close = opened.close;
      app = (await postsAppOn(opened)).app;
      document = await (await app.request('/api/openapi.json')).json();
    });
    afterAll(() => close());

    describe('GET /api/openapi.json', () => {
      it('is a valid OpenAPI 3.1 document', async () => {
        expect(document.openapi).toBe('3.1.0');
        const result = await new Validator().validate(structuredClone(document) as never);
        expect(result.errors ?? []).toEqual([]);
        expect(result.valid).toBe(true);
      });

      it('documents every route the app serves, and every contract route that exists', () => {
        const served = appOperations();
        expect(served.size).toBeGreaterThan(2);
        for (const key of served.keys()) expect(operationOf(key), key).toBeDefined();
        for (const key of contractRoutes.filter((route) => served.has(route)))
          expect(operationOf(key), key).toBeDefined();
      });

      it('carries the request schema of every validated body, query and path', () => {
        for (const [key, targets] of appOperations()) {
          const operation = operationOf(key) as {
            requestBody?: { content: Record<string, unknown> };
            parameters?: { in: string }[];
          };
          if (targets.includes('json')) expect(operation.requestBody?.content['application/json'], key).toBeDefined();
          if (targets.includes('form'))
            expect(operation.requestBody?.content['multipart/form-data'], key).toBeDefined();
          if (targets.includes('query'))
            expect(
              operation.parameters?.some((p) => p.in === 'query'),
              key,
            ).toBe(true);
          if (targets.includes('param'))
            expect(
              operation.parameters?.some((p) => p.in === 'path'),
              key,
            ).toBe(true);
        }
      });

      it('describes the upload: multipart file, bearer auth, its answers and the Media schema', () => {
        expect(operationOf('post /api/media')).toMatchObject({
          tags: ['media'],
          security: [{ bearerAuth: [] }],
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: { file: { type: 'string', format: 'binary' } },
                  required: ['file'],
                },
              },
            },
          },
        });
        const responses = (operationOf('post /api/media') as { responses: Record<string, unknown> }).responses;
        expect(Object.keys(responses)).toEqual(expect.arrayContaining(['201', '401', '413', '415', '422', 'default']));
        expect(document.components?.schemas).toHaveProperty('Media');
        expect(document.components?.schemas).toHaveProperty('Error');
      });

      it('sends an ETag and answers 304 when it matches', async () => {
        const res = await app.request('/api/openapi.json');
        expect(res.headers.get('cache-control')).toContain('max-age');
        const etag = res.headers.get('etag') ?? '';
        expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
        expect((await app.request('/api/openapi.json', { headers: { 'If-None-Match': etag } })).status).toBe(304);
      });
    });

    describe('GET /api/docs', () => {
      it('is a page whose script and styles are our own files, under a CSP that allows only our origin', async () => {
        const res = await app.request('/api/docs');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
        const html = await res.text();
        const page = new JSDOM(html).window.document;
        const scripts = [...page.querySelectorAll('script')];
        expect(scripts.length).toBeGreaterThan(0);
        for (const script of scripts) {
          expect(script.getAttribute('src')).toMatch(/^\/api\/docs\//);
          expect(script.textContent).toBe('');
        }
        expect(html).not.toMatch(/\son[a-z]+=/i);
        const assets = [
          ...scripts.map((s) => s.getAttribute('src')),
          ...[...page.querySelectorAll('link')].map((l) => l.getAttribute('href')),
        ];
        for (const asset of assets) {
          const served = await app.request(asset ?? '');
          expect(served.status, asset ?? '').toBe(200);
          expect(await served.text()).not.toMatch(/https?:\/\//);
        }
        expect(html).not.toMatch(/https?:\/\//);
      });

      it('serves its assets with their types', async () => {
        expect((await app.request('/api/docs/reference.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
        expect((await app.request('/api/docs/reference.css')).headers.get('content-type')).toMatch(/^text\/css/);
      });

      it('renders every operation of the document in a browser DOM', async () => {
        const html = await (await app.request('/api/docs')).text();
        const script = await (await app.request('/api/docs/reference.js')).text();
        const dom = new JSDOM(html, { url: 'http://localhost/api/docs', runScripts: 'outside-only' });
        const { window } = dom;
        Object.assign(window, {
          fetch: async (url: string) => {
            const res = await app.request(url);
            return { ok: res.ok, status: res.status, json: () => res.json() };
          },
        });
        window.eval(script);
        const main = window.document.getElementById('reference');
        await expect.poll(() => main?.getAttribute('aria-busy'), { timeout: 5000 }).toBe('false');
        const rendered = [...window.document.querySelectorAll('details.op > summary')].map((s) => s.textContent ?? '');
        const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item ?? {}));
        expect(rendered.filter((text) => /^(get|post|put|patch|delete)/.test(text))).toHaveLength(operations.length);
        expect(rendered).toContainEqual(expect.stringContaining('/api/media'));
        dom.window.close();
      });
    });
  });
});
