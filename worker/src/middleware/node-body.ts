import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';

/** The Node request stream @hono/node-server passes as the app's env; Workers have none. */
type IncomingStream = AsyncIterable<Uint8Array>;

export function nodeIncoming(c: Context<AppEnv>): IncomingStream | undefined {
  const incoming = (c.env as { incoming?: Partial<IncomingStream> } | undefined)?.incoming;
  return incoming && Symbol.asyncIterator in incoming ? (incoming as IncomingStream) : undefined;
}

/**
 * Reads a request body straight from Node's stream, refusing it with 413 once it passes `maxBytes`.
 * Asking the web Request for its body instead builds a full WHATWG Request and stream around the
 * socket, which cost a JSON write about a tenth of its CPU.
 */
export async function readNodeBody(incoming: IncomingStream, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new AppError('payload_too_large', `Request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(body);
}
