type Headers = Record<string, string>;

/** What answers a suite's requests: the app in this process (`app.request`), or the Worker in workerd. */
export interface Answerer {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Whoever a request is made as: factory users and seeded actors both carry their bearer header. */
export interface Caller {
  headers: Headers;
}

/** The one way tests call the app: a request as `as` (or anonymously), with a JSON body when given. */
export function call(app: Answerer, method: string, path: string, as?: Caller, body?: unknown, headers: Headers = {}) {
  return app.request(path, {
    method,
    headers: {
      ...headers,
      ...(as ? as.headers : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export const bearer = (token: string): Headers => ({ Authorization: `Bearer ${token}` });

/** `call` with the caller's headers spelled out, for the auth and account tests. */
export function testClient(app: Answerer) {
  const send = (method: string, path: string, body?: unknown, headers: Headers = {}) =>
    call(app, method, path, undefined, body, headers);
  return {
    send,
    get: (path: string, headers?: Headers) => send('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Headers) => send('POST', path, body, headers),
    patch: (path: string, body?: unknown, headers?: Headers) => send('PATCH', path, body, headers),
    /** Signs in through the real route; returns the tokens and a bearer header. */
    async login(email: string, password: string) {
      const res = await send('POST', '/api/auth/login', { email, password });
      if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { accessToken: string; refreshToken: string; user: { id: string } };
      return { ...body, headers: bearer(body.accessToken) };
    },
  };
}

/** The `refresh_token` value a response sets, or undefined. */
export function refreshCookieOf(res: Response): string | undefined {
  return /(?:^|,\s*)refresh_token=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
}
