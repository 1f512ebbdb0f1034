import { vi } from 'vitest';

type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Handler = (request: Request) => Reply | Promise<Reply>;

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/**
 * Replaces fetch with a table of "METHOD /path" handlers (the path without its query string).
 * Unknown routes answer 404 in the API's error shape, so a missing handler shows up in the UI.
 */
export function mockApi(handlers: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(
      new URL(String(input instanceof Request ? input.url : input), 'http://localhost'),
      init,
    );
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    calls.push({
      method: request.method,
      path: url.pathname + url.search,
      authorization: request.headers.get('authorization'),
      body: text ? JSON.parse(text) : undefined,
    });
    const handler = handlers[`${request.method} ${url.pathname}`];
    const reply: Reply = handler
      ? await handler(request)
      : { status: 404, body: { error: { code: 'not_found', message: 'No such route' } } };
    const status = reply.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const apiError = (status: number, code: string, message: string, details?: unknown): Reply => ({
  status,
  body: { error: { code, message, details } },
});
