import { randomUUID } from 'node:crypto';
import { atFixedRate } from './fixed-rate';
import type { Row } from './report';
import { type LoadOptions, measureGet } from './wrk';

/** Registers a reader through the API and returns their bearer token. */
export async function registerCommenter(apiUrl: string): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const response = await fetch(`${apiUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${suffix}@example.test`,
      username: `bench_${suffix}`,
      password: `Bench-${randomUUID()}`,
    }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return accessToken;
}

/** The three anonymous reads on one Node instance: a post by slug, the first list page, a search. */
export async function readScenarios(label: string, apiUrl: string, slug: string, term: string, load: LoadOptions) {
  const rows: Row[] = [];
  for (const [what, path] of [
    ['GET post by slug', `/api/posts/${slug}`],
    ['GET list page', '/api/posts'],
    ['GET search', `/api/search?q=${term}`],
  ] as const) {
    rows.push({ scenario: `Node ${label}: ${what}`, ...(await measureGet(`${apiUrl}${path}`, load)) });
  }
  return rows;
}

/** POST comment at a fixed rate, spread over `slugs`, each with a distinct body. */
export async function commentScenario(apiUrl: string, slugs: string[], token: string, rate: number, seconds: number) {
  const result = await atFixedRate(rate, seconds, (i) =>
    fetch(`${apiUrl}/api/posts/${slugs[i % slugs.length]}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Benchmark comment ${i}: measured, not meant.` }),
    }),
  );
  return { scenario: `Node: POST comment at a fixed ${rate} rps`, ...result };
}
