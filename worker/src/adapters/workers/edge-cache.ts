import { etagMatches } from '#worker/middleware/etag';
import { carriesSessionHint } from '#worker/middleware/refresh-cookie';
import type { Clock, ContentChangeSubscriber } from '#worker/ports';

/** Headers kept on a stored copy, never sent to readers. */
const versionHeader = 'x-edgepress-content-version';
const storedAtHeader = 'x-edgepress-stored-at';
const cacheControlHeader = 'x-edgepress-cache-control';
/** Whether an answer came from this data centre's cache: HIT, or MISS (rendered now). */
export const edgeCacheHeader = 'X-Edge-Cache';

export interface EdgeCacheOptions {
  clock: Clock;
  /** The public-content version now (undefined while it cannot be read: then nothing is served from copies). */
  readVersion: () => Promise<number | undefined>;
  /** How long an isolate trusts the version it last read: the freshness promise (docs/decisions/0092). */
  versionCheckMs: number;
  /** The longest a copy is kept, whatever the version says (a due scheduled post shows within it). */
  maxAgeMs: number;
}

/** Cookies and headers that mark a signed-in visitor, who always gets a fresh answer. */
const personal = (request: Request) =>
  request.headers.has('authorization') || carriesSessionHint(request.headers.get('cookie'));

function eligible(request: Request): boolean {
  return request.method === 'GET' && !request.headers.has('range') && !personal(request);
}

/** A public answer with a validator and nothing personal in it: what every signed-out reader would get. */
function storable(response: Response): boolean {
  const cacheControl = response.headers.get('cache-control') ?? '';
  return (
    response.status === 200 &&
    /\bpublic\b/.test(cacheControl) &&
    /\bs-maxage=\d+/.test(cacheControl) &&
    response.headers.has('etag') &&
    !response.headers.has('set-cookie')
  );
}

/** The full answer as this reader asked for it: 304 when the validator they sent matches its ETag. */
function forReader(request: Request, response: Response): Response {
  const ifNoneMatch = request.headers.get('if-none-match');
  const etag = response.headers.get('etag');
  if (response.status !== 200 || !ifNoneMatch || !etag || !etagMatches(ifNoneMatch, etag)) return response;
  void response.body?.cancel();
  return new Response(null, { status: 304, headers: response.headers });
}

function withHeader(response: Response, name: string, value: string): Response {
  const copy = new Response(response.body, response);
  copy.headers.set(name, value);
  return copy;
}

/**
 * Signed-out answers kept in this data centre's Cache API, served only while the public-content
 * version they were made under is current. The Cache API neither revalidates nor purges beyond
 * one data centre, so freshness is decided here: each isolate reads the version at most once per
 * `versionCheckMs`, and a write anywhere bumps it, so a reader anywhere sees the write within that
 * interval. Copies are stored with a long cache lifetime of their own (the answer's s-maxage is for
 * caches that cannot check the version) and given back with the answer's own headers.
 */
export function createEdgeCache(store: Cache, options: EdgeCacheOptions) {
  let checked: { at: number; version: Promise<number | undefined> } | undefined;
  const currentVersion = () => {
    const now = options.clock.now().getTime();
    if (!checked || now - checked.at >= options.versionCheckMs) {
      checked = { at: now, version: options.readVersion().catch(() => undefined) };
    }
    return checked.version;
  };

  async function fromCopy(key: Request, request: Request, version: number): Promise<Response | undefined> {
    const copy = await store.match(key);
    if (!copy) return undefined;
    const storedAt = Number(copy.headers.get(storedAtHeader));
    const fresh =
      copy.headers.get(versionHeader) === String(version) &&
      options.clock.now().getTime() - storedAt < options.maxAgeMs;
    if (!fresh) return undefined;
    const headers = new Headers(copy.headers);
    headers.set('cache-control', headers.get(cacheControlHeader) ?? 'no-cache');
    for (const name of [versionHeader, storedAtHeader, cacheControlHeader, 'age']) headers.delete(name);
    headers.set(edgeCacheHeader, 'HIT');
    const ifNoneMatch = request.headers.get('if-none-match');
    const etag = headers.get('etag');
    if (ifNoneMatch && etag && etagMatches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
    return new Response(copy.body, { status: copy.status, headers });
  }

  /**
   * A subscriber to announced content changes (ADR 0054): after a write through this isolate, its
   * next reader asks for the version again, so the write shows here at once, not after the interval.
   */
  const changed: ContentChangeSubscriber = async () => {
    checked = undefined;
  };

  async function serve(
    request: Request,
    waitUntil: (work: Promise<unknown>) => void,
    answer: (request: Request) => Response | Promise<Response>,
  ): Promise<Response> {
    if (!eligible(request)) return answer(request);
    const version = await currentVersion();
    if (version === undefined) return answer(request);
    const key = new Request(request.url, { method: 'GET' });
    const hit = await fromCopy(key, request, version);
    if (hit) return hit;
    // The copy is made from the full answer, whatever validator this reader sent.
    const plain = new Request(request);
    plain.headers.delete('if-none-match');
    const response = await answer(plain);
    // Not kept here (no s-maxage, say), yet still the reader's to revalidate: the app never saw their validator.
    if (!storable(response)) return forReader(request, response);
    const copy = new Response(response.clone().body, response);
    copy.headers.set(cacheControlHeader, response.headers.get('cache-control') ?? '');
    copy.headers.set('cache-control', `public, max-age=${Math.ceil(options.maxAgeMs / 1000)}`);
    copy.headers.set(versionHeader, String(version));
    copy.headers.set(storedAtHeader, String(options.clock.now().getTime()));
    copy.headers.delete('x-request-id');
    waitUntil(store.put(key, copy).catch(() => undefined));
    return forReader(request, withHeader(response, edgeCacheHeader, 'MISS'));
  }

  return { serve, changed };
}

export type EdgeCache = ReturnType<typeof createEdgeCache>;
