import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis as IoRedis } from 'ioredis';
import {
  createCommandRunner,
  type RawOutcome,
  type RawReply,
  TransactionAbortedError,
} from '#worker/adapters/redis/command-runner';

export interface UpstashRestProxyOptions {
  /** The real Redis behind the proxy. */
  redisUrl: string;
  /** Clients must send `Authorization: Bearer <token>` (or `?_token=`), as with Upstash. */
  token: string;
  /** Per-command timeout towards Redis. */
  timeoutMs?: number;
  maxBodyBytes?: number;
}

type Encode = (reply: RawReply) => unknown;

const asText: Encode = (reply) => {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map(asText);
  return reply;
};

// Upstash encodes every string in a result (nested arrays included) when asked; numbers and nulls stay.
const asBase64: Encode = (reply) => {
  if (Buffer.isBuffer(reply)) return reply.toString('base64');
  if (typeof reply === 'string') return Buffer.from(reply).toString('base64');
  if (Array.isArray(reply)) return reply.map(asBase64);
  return reply;
};

function redisReady(redis: IoRedis, waitMs: number) {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, waitMs);
    redis.once('ready', done);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
  });
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, 'ERR request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR failed to parse the request body as JSON');
  }
}

const isCommand = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

function commandsOf(body: unknown): unknown[][] {
  if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
    throw new HttpError(400, 'ERR a pipeline body must be a non-empty array of commands');
  }
  return body;
}

/**
 * An Upstash-REST-compatible HTTP server in front of a real Redis, so `wrangler dev` can use
 * @upstash/redis locally (the role serverless-redis-http plays in Docker). It speaks what the client
 * sends: a command as a JSON array on POST /, `/pipeline`, `/multi-exec`, path-style commands
 * (`GET /get/key`), `Upstash-Encoding: base64`, and `{ error }` bodies; Lua scripts are rewritten for
 * Redis 7.0 exactly as in the Node adapter.
 */
export function createUpstashRestProxy({
  redisUrl,
  token,
  timeoutMs = 5000,
  maxBodyBytes = 10 << 20,
}: UpstashRestProxyOptions) {
  const redis = new IoRedis(redisUrl, {
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  redis.on('error', () => {
    // Surfaced per request as a 503 { error }; ioredis keeps reconnecting on its own.
  });
  const run = createCommandRunner(redis);
  const expected = Buffer.from(`Bearer ${token}`);

  const authorized = (req: IncomingMessage, url: URL) => {
    const header =
      req.headers.authorization ?? (url.searchParams.has('_token') ? `Bearer ${url.searchParams.get('_token')}` : '');
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const encodeOutcome = (encode: Encode) => (outcome: RawOutcome) =>
    'error' in outcome ? { error: outcome.error } : { result: encode(outcome.result) };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (!authorized(req, url)) throw new HttpError(401, 'Unauthorized');
    const encode = String(req.headers['upstash-encoding']).toLowerCase() === 'base64' ? asBase64 : asText;
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const route = segments.join('/');
    if (route === 'pipeline' || route === 'multi-exec') {
      if (req.method !== 'POST') throw new HttpError(405, 'ERR use POST');
      const commands = commandsOf(parseJson(await readBody(req, maxBodyBytes)));
      const outcomes = route === 'pipeline' ? await run.pipeline(commands) : await run.multi(commands);
      return send(res, 200, outcomes.map(encodeOutcome(encode)));
    }
    let command: unknown[] = segments;
    if (req.method === 'POST') {
      const text = await readBody(req, maxBodyBytes);
      // POST / carries the whole command; POST /set/key carries the last argument as its body.
      if (segments.length === 0) command = parseJson(text) as unknown[];
      else if (text.length > 0) command = [...segments, text];
    }
    if (!isCommand(command)) throw new HttpError(400, 'ERR the body must be a command as a JSON array');
    const outcome = encodeOutcome(encode)(await run.one(command));
    return send(res, 'error' in outcome ? 400 : 200, outcome);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.message });
      if (error instanceof TransactionAbortedError) return send(res, 400, { error: error.message });
      send(res, 503, { error: `ERR Redis unavailable: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  return {
    server,
    /**
     * Starts listening once Redis is connected (or after 3 s without it: requests then get 503 until
     * it is); resolves with the bound address (port 0 picks a free one).
     */
    async listen(port: number, host = '127.0.0.1'): Promise<AddressInfo> {
      await redisReady(redis, 3000);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
