import type { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * Hono answers 404 for a known path with the wrong method; the contract wants 405 there.
 * This builds, once, a router from the app's own route table that tells which methods a path allows.
 */
export function allowedMethodsOf(app: Hono<never>): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        // Wildcards are middleware and the SPA fallback, not resources with a method list.
        if (route.method !== 'ALL' && !route.path.endsWith('*')) router.add('ANY', route.path, route.method);
      }
    }
    const [matches] = router.match('ANY', path);
    return [...new Set(matches.map(([method]) => method))];
  };
}
