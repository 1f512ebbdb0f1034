import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { testConfig } from '#test/deps';
import { createApp } from '#worker/app';

/** One request a contract suite made to the Worker in workerd. */
export interface EdgeRequest {
  suite: string;
  method: string;
  path: string;
}

/** Every route the app serves (`app.routes`), as `METHOD /path/:param`, each with a matcher for request paths. */
function servedRoutes() {
  const app = createApp({ config: testConfig, perRequest: async (_c, next) => next() });
  const routes = new Map<string, { method: string; pattern: RegExp }>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue;
    // `:name` and `:name{regex}` match one path segment.
    const source = path
      .split('/')
      .map((part) =>
        part.startsWith(':') ? (/\{(.*)\}$/.exec(part)?.[1] ?? '[^/]+') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    routes.set(`${method} ${path}`, { method, pattern: new RegExp(`^${source}$`) });
  }
  return routes;
}

/**
 * The routes no contract suite reached in workerd, from the request logs the workerd engine wrote; undefined
 * when not every contract suite ran (a filtered run), since then the answer would mean nothing.
 */
export async function routesNotRunOnEdge(
  logDir: string,
  suites: string[],
  root: string,
): Promise<string[] | undefined> {
  const requests: EdgeRequest[] = [];
  for (const name of await readdir(logDir)) {
    const lines = (await readFile(join(logDir, name), 'utf8')).split('\n').filter(Boolean);
    requests.push(...lines.map((line) => JSON.parse(line) as EdgeRequest));
  }
  const ran = new Set(requests.map((request) => relative(root, request.suite)));
  if (!suites.every((suite) => ran.has(suite))) return undefined;
  return [...servedRoutes()]
    .filter(([, route]) => !requests.some((r) => r.method === route.method && route.pattern.test(r.path)))
    .map(([name]) => name);
}
