import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FetchHandler } from './hot-responses';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text worth compressing: pages, JSON, feeds, sitemaps, scripts, styles, SVG, the web manifest. */
const compressibleType =
  /^(?:text\/|application\/(?:json|javascript|xml|atom\+xml|rss\+xml|manifest\+json|problem\+json)|image\/svg\+xml)/;
/** Below this a compressed body saves less than its framing costs. */
const minimumBytes = 1024;

/** The encoding to answer with for an Accept-Encoding header: brotli, else gzip, else none (q=0 refuses). */
export function preferredEncoding(acceptEncoding: string | null | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith('q='));
    accepted.set(name.toLowerCase(), q ? Number(q.slice(2)) : 1);
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return undefined;
}

/** Whether answers of this type are compressed (when large enough), and so vary by Accept-Encoding. */
export const compressible = (contentType: string | null | undefined): boolean =>
  compressibleType.test(contentType ?? '');

/** Whether a body of this type and size is worth compressing. */
export function worthCompressing(contentType: string | null | undefined, bytes: number): boolean {
  return bytes >= minimumBytes && compressible(contentType);
}

/**
 * Compresses a body the way answers made per request are: brotli at quality 5 (near gzip's speed,
 * about a fifth smaller), gzip at level 6. Files of the build are compressed harder, once, at build time.
 */
export function compressBody(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzipped(body, { level: 6 });
  return brotli(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
  });
}

/**
 * A compressed representation has its own validator: weak, as nginx's gzip makes it, which the
 * app's If-None-Match comparison (weak, RFC 9110) still matches.
 */
export const weakEtag = (etag: string) => (etag.startsWith('W/') ? etag : `W/${etag}`);

/**
 * Compresses the app's text answers for clients that accept it (brotli or gzip), on the Node
 * servers; answers already encoded (precompressed build files) pass as they are. Every
 * compressible answer says it varies by Accept-Encoding, so caches keep the variants apart.
 */
export function compressResponses(fetch: FetchHandler): FetchHandler {
  return async (request, env) => {
    const answered = await fetch(request, env);
    const contentType = answered.headers.get('content-type');
    if (!compressible(contentType) || answered.headers.has('content-encoding')) return answered;
    const response = new Response(answered.body, answered);
    response.headers.append('Vary', 'Accept-Encoding');
    const encoding = preferredEncoding(request.headers.get('accept-encoding'));
    if (!encoding || !response.body || request.method === 'HEAD' || response.status === 304) return response;
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    if (body.byteLength < minimumBytes) return new Response(body, { status: response.status, headers });
    const compressed = await compressBody(body, encoding);
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    const etag = headers.get('etag');
    if (etag) headers.set('ETag', weakEtag(etag));
    return new Response(
      new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.byteLength),
      {
        status: response.status,
        statusText: response.statusText,
        headers,
      },
    );
  };
}
