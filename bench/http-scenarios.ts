import { randomUUID } from 'node:crypto';
import { atFixedRate } from './fixed-rate';
import { keepAliveClient } from './keep-alive-client';
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

export type ReadScenario = readonly [what: string, path: string];

/** The three anonymous reads: a post by slug, the first list page, a search. */
export function readPaths(slug: string, term: string): ReadScenario[] {
  return [
    ['GET post by slug', `/api/posts/${slug}`],
    ['GET list page', '/api/posts'],
    ['GET search', `/api/search?q=${term}`],
  ];
}

/** `reads` on one Node instance, one after another. */
export async function readScenarios(label: string, apiUrl: string, reads: ReadScenario[], load: LoadOptions) {
  const rows: Row[] = [];
  for (const [what, path] of reads) {
    rows.push({ scenario: `Node ${label}: ${what}`, ...(await measureGet(`${apiUrl}${path}`, load)) });
  }
  return rows;
}

/**
 * POST comment at a fixed rate, spread over `slugs`, each with a distinct body: first for
 * `warmupSeconds` unmeasured (as wrk warms up), then measured for `seconds`.
 */
export async function commentScenario(
  apiUrl: string,
  slugs: string[],
  token: string,
  rate: number,
  seconds: number,
  warmupSeconds = 2,
) {
  const client = keepAliveClient(apiUrl);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const send = (i: number) =>
    client.send(
      'POST',
      `/api/posts/${slugs[i % slugs.length]}/comments`,
      headers,
      JSON.stringify({ body: `Benchmark comment ${i}: measured, not meant.` }),
    );
  try {
    if (warmupSeconds > 0) await atFixedRate(rate, warmupSeconds, send);
    const result = await atFixedRate(rate, seconds, send);
    return { scenario: `Node: POST comment at a fixed ${rate} rps`, ...result };
  } finally {
    client.close();
  }
}
