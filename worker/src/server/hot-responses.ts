import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Http2Bindings, HttpBindings } from '@hono/node-server';
import { coalesced } from '../batched';
import { publicContentVersion } from '../cache/public-content';
import { AppError } from '../errors';
import { etagMatches } from '../middleware/etag';
import { aroundEveryAnswer, beforeApiAnswers, isApiPath } from '../middleware/every-answer';
import { type Exchange, routeThatAnswered, runStages, type StageDeps } from '../middleware/exchange';
import { carriesSessionHint } from '../middleware/refresh-cookie';
import type { Deps } from '../ports';
import {
  compressBody,
  compressible,
  type Encoding,
  preferredEncoding,
  weakEtag,
  worthCompressing,
} from './compression';

/** The app's `fetch` as @hono/node-server calls it: the Node request travels as the env. */
export type FetchHandler = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

export interface HotResponses {
  /** Answers a request from a kept copy when it can; otherwise hands it to `next`. */
  listener(next: RequestListener): RequestListener;
  /** Wraps the app so that its answers to the requests `listener` passed on are kept. */
  capture(fetch: FetchHandler): FetchHandler;
}

export interface HotResponseLimits {
  maxEntries: number;
  maxBytes: number;
  maxEntryBytes: number;
}

interface Entry {
  version: number;
  expiresAt: number;
  route: string;
  etag: string;
  /** Flat name/value pairs, without the per-request ones (request id, rate-limit budget, length) and the ETag. */
  headers: string[];
  body: Buffer;
  /** The body compressed once when the copy is made, for clients that accept it; none for small or binary answers. */
  encoded?: Record<Encoding, Buffer>;
  /** True while `encoded` is being made: clients that accept an encoding go to the app meanwhile. */
  compressing?: boolean;
}

/** Adds Accept-Encoding to the Vary of flat name/value pairs, as the compression layer does to the app's answers. */
function varyByEncoding(headers: string[]) {
  const at = headers.findIndex((name, i) => i % 2 === 0 && name === 'vary');
  if (at === -1) headers.push('vary', 'Accept-Encoding');
  else headers[at + 1] = `${headers[at + 1]}, Accept-Encoding`;
}

const sizeOf = (entry: Entry) =>
  entry.body.length + (entry.encoded ? entry.encoded.br.length + entry.encoded.gzip.length : 0);

const defaultLimits: HotResponseLimits = { maxEntries: 2000, maxBytes: 64 * 1024 * 1024, maxEntryBytes: 1024 * 1024 };
const perRequestHeaders = new Set(['x-request-id', 'date', 'content-length', 'connection', 'keep-alive', 'etag']);
const sharedMaxAge = /(?:^|,)\s*s-maxage=(\d+)/;
const pageStages = aroundEveryAnswer;
const apiStages = [...aroundEveryAnswer, ...beforeApiAnswers];

/** A replayed answer as the shared stages see it: their headers join the copy's. */
function replayExchange(
  deps: StageDeps,
  req: IncomingMessage,
  route: string,
  status: number,
  headers: string[],
): Exchange {
  return {
    deps,
    method: req.method ?? 'GET',
    path: req.url?.split('?')[0] ?? '/',
    header: (name) => req.headers[name.toLowerCase()] as string | undefined,
    peerAddress: () => req.socket.remoteAddress,
    requestId: '',
    setHeader: (name, value) => headers.push(name, value),
    answered: () => ({ status, route, cache: 'hot' }),
  };
}

/** Reader pages (home, posts, tags, profiles, search), whose rendered answers are the same for every signed-out reader. */
const readerPage = /^\/(?:$|\?|p\/|t\/|@|search(?:$|\?))/;

/**
 * Anonymous reads of the API and of reader pages: the answers that carry `public` Cache-Control.
 * A signed-in visitor (a token, or the session hint a browser carries) always goes to the app.
 */
function keyOf(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = req.url ?? '';
  if (!url.startsWith('/api/') && !readerPage.test(url)) return undefined;
  if (req.headers.authorization !== undefined || req.headers.range !== undefined) return undefined;
  if (carriesSessionHint(req.headers.cookie)) return undefined;
  // CORS answers differ by Origin.
  return `${req.headers.origin ?? ''} ${req.url}`;
}

/**
 * An in-process copy of this instance's recent public API answers, exact to the byte, served before
 * the app's pipeline runs: the Node twin of nginx's micro-cache, without its staleness. A copy is
 * served only while the public-content version (ADR 0051) is the one it was made under, so a write
 * on any instance retires it as soon as the invalidation has run; the version is read from the
 * cache once per event-loop turn for all requests that arrived in it (`coalesced`). A copy lives at most the
 * answer's `s-maxage`, which bounds how late a due scheduled post shows, as behind nginx.
 * A replayed answer passes the app's own cross-cutting stages (middleware/every-answer.ts: request
 * id, access log and metrics, the API budget), so a concern added there applies to it too.
 */
export function createHotResponses(
  deps: Pick<Deps, 'cache'> & StageDeps,
  limits: HotResponseLimits = defaultLimits,
  now: () => number = Date.now,
): HotResponses {
  const { logger } = deps;
  const entries = new Map<string, Entry>();
  let storedBytes = 0;
  const currentVersion = coalesced(() => publicContentVersion(deps.cache));
  // Requests passed on to the app: their key and the version read before the app saw them.
  const misses = new WeakMap<object, { key: string; version: number }>();

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    storedBytes -= sizeOf(entry);
  };

  const keep = (key: string, entry: Entry) => {
    drop(key);
    while (entries.size >= limits.maxEntries || storedBytes + sizeOf(entry) > limits.maxBytes) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      drop(oldest);
    }
    entries.set(key, entry);
    storedBytes += sizeOf(entry);
  };

  async function remember(key: string, version: number, request: Request, response: Response) {
    const cacheControl = response.headers.get('cache-control') ?? '';
    const maxAge = Number(sharedMaxAge.exec(cacheControl)?.[1] ?? 0);
    const etag = response.headers.get('etag');
    if (response.status !== 200 || request.method !== 'GET' || !/\bpublic\b/.test(cacheControl)) return;
    if (maxAge <= 0 || !etag || response.headers.has('set-cookie')) return;
    const body = Buffer.from(await response.clone().arrayBuffer());
    if (body.length > limits.maxEntryBytes) return;
    const headers: string[] = [];
    for (const [name, value] of response.headers) {
      if (!perRequestHeaders.has(name) && !name.startsWith('ratelimit-')) headers.push(name, value);
    }
    const route = routeThatAnswered(request) ?? new URL(request.url).pathname;
    const contentType = response.headers.get('content-type');
    if (compressible(contentType)) varyByEncoding(headers);
    // The same answer under the same version is already kept (perhaps still being compressed).
    const current = entries.get(key);
    if (current && current.version === version && current.etag === etag && current.expiresAt > now()) return;
    const compressing = worthCompressing(contentType, body.length);
    const entry: Entry = { version, expiresAt: now() + maxAge * 1000, route, etag, headers, body, compressing };
    keep(key, entry);
    if (!compressing) return;
    // Compressing on every hit would cost more than the copy saves: each encoding is made once,
    // while the first hits go out as they are.
    const [br, gzip] = await Promise.all([compressBody(body, 'br'), compressBody(body, 'gzip')]);
    if (entries.get(key) !== entry) return;
    entry.encoded = { br, gzip };
    entry.compressing = false;
    storedBytes += br.length + gzip.length;
  }

  function send(req: IncomingMessage, res: ServerResponse, entry: Entry, status: number, headers: string[]) {
    const encoding = entry.encoded && preferredEncoding(req.headers['accept-encoding']);
    const body = encoding && entry.encoded ? entry.encoded[encoding] : entry.body;
    headers.push('etag', encoding ? weakEtag(entry.etag) : entry.etag);
    if (encoding) headers.push('content-encoding', encoding);
    if (status === 200) headers.push('content-length', String(body.length));
    res.writeHead(status, headers);
    res.end(status === 200 && req.method === 'GET' ? body : undefined);
    deps.metrics.increment('cache_hits', 'hot-response');
  }

  async function answer(req: IncomingMessage, res: ServerResponse, key: string, next: RequestListener) {
    const version = await currentVersion();
    const entry = entries.get(key);
    const fresh =
      entry !== undefined &&
      entry.version === version &&
      entry.expiresAt > now() &&
      !(entry.compressing && preferredEncoding(req.headers['accept-encoding']));
    if (!entry || !fresh) {
      if (version !== undefined) misses.set(req, { key, version });
      return next(req, res);
    }
    const ifNoneMatch = req.headers['if-none-match'];
    const status = ifNoneMatch && etagMatches(ifNoneMatch, entry.etag) ? 304 : 200;
    const headers = [...entry.headers];
    const exchange = replayExchange(deps, req, entry.route, status, headers);
    const stages = isApiPath(req.url ?? '/') ? apiStages : pageStages;
    try {
      await runStages(stages, exchange, async () => send(req, res, entry, status, headers));
    } catch (error) {
      // A stage's refusal (the API budget spent) is the app's to answer, with the contract's error.
      if (!(error instanceof AppError) || res.headersSent) throw error;
      next(req, res);
    }
  }

  return {
    listener(next) {
      return (req, res) => {
        const key = keyOf(req);
        if (key === undefined) return next(req, res);
        answer(req, res, key, next).catch((error) => {
          logger.error('hot response failed; passing the request on', { error: String(error) });
          if (!res.headersSent) next(req, res);
        });
      };
    },
    capture(fetch) {
      return async (request, env) => {
        const response = await fetch(request, env);
        const miss = misses.get(env.incoming);
        if (miss) {
          remember(miss.key, miss.version, request, response).catch((error) =>
            logger.warn('could not keep a hot response', { error: String(error) }),
          );
        }
        return response;
      };
    },
  };
}
