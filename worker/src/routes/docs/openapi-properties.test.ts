import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { posts } from '#db/schema';
import { signServerToken } from '#realtime/tokens';
import { createTestDeps, testConfig } from '#test/deps';
import { type CreatedUser, createAdmin, createUser } from '#test/factories';
import { createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { bearer, type Caller, call } from '#test/requests';
import { invalidValue, type JsonSchema, validValue } from '#test/schema-arbitrary';
import { createApp } from '#worker/app';
import type { OpenApiDocument } from '#worker/openapi/document';
import { diskWebBuild } from '#worker/server/disk-web-build';
import { issueEmailToken } from '#worker/services/account/email-tokens';
import { unsubscribeToken } from '#worker/services/mail/unsubscribe-token';
import { signedProviderEvent } from '../../../../tools/mail-api-standin/provider-events';

/** Generated runs per operation, after its happy-path example: ~70 operations × this stays near a minute. */
const runsPerOperation = 20;
const seed = 20261204;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
interface Sent {
  method: string;
  path: string;
  status: number;
  body: string;
}

let handle: DbHandle;
let app: ReturnType<typeof createApp>;
let document: OpenApiDocument;
/** Known-good values per path parameter, by `method path` first and then by name, so valid requests reach the happy path. */
const known: Record<string, string[]> = {};
/** Whoever a request is sent as; happy paths add their own (a fresh account, a room host). */
const callers: Record<string, Caller | undefined> = { anonymous: undefined };
const sent: Sent[] = [];
/** Known-good bodies per operation, for happy paths a schema alone cannot reach (real credentials, versions). */
const knownBodies: Record<string, fc.Arbitrary<unknown>> = {};

interface Request {
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  as: string;
}
/**
 * Per operation, a request built from the seeded fixtures just before the operation's turn (tokens
 * are single-use, versions move), sent first as the property's example: every documented operation
 * answers 2xx at least once and that body is checked against its schema.
 */
const happy: Record<string, () => Promise<Request>> = {};

/** A multipart upload: sent as the form itself, not as JSON. */
class Upload {
  constructor(readonly form: () => FormData) {}
}
/** The mail provider's webhook is mounted only with a secret; events are signed with it. */
const webhookSecret = `whsec_${Buffer.from('property-test-webhook-key').toString('base64')}`;
const png = readFileSync('worker/src/services/media/fixtures/text-chunks.png');

beforeAll(async () => {
  handle = await createPgliteDatabase();
  const config = { ...testConfig, mail: { ...testConfig.mail, webhookSecret } };
  const deps = await createTestDeps(handle.db, { config, webBuild: diskWebBuild('web/dist') });
  app = createApp(deps);
  const author = await createUser(handle.db);
  const reader = await createUser(handle.db);
  const admin = await createAdmin(handle.db);
  const suspended = await createUser(handle.db);
  const post = await createTestPost(app, author, { tags: ['property'] });
  const draft = await createTestPost(app, author, { status: 'draft' });
  const doomed = await createTestPost(app, author);
  const comment = (await (await call(app, 'POST', `/api/posts/${post.slug}/comments`, reader, { body: 'Hi' })).json())
    .comment;
  const doomedComment = (
    await (await call(app, 'POST', `/api/posts/${post.slug}/comments`, reader, { body: 'Bye' })).json()
  ).comment;
  await call(app, 'POST', `/api/users/${author.user.username}/follow`, reader);
  await call(app, 'PATCH', `/api/posts/${post.slug}`, author, { title: 'A revision', version: post.version });
  const revisions = (await (await call(app, 'GET', `/api/posts/${post.slug}/revisions`, author)).json()).items;
  const notification = (await (await call(app, 'GET', '/api/notifications', author)).json()).items[0];
  const uploaded = (
    await (await app.request('/api/media', { method: 'POST', body: pngForm(), headers: author.headers })).json()
  ).media;
  Object.assign(callers, { author, reader, admin });
  Object.assign(known, {
    slug: [post.slug, 'property'],
    username: [author.user.username, reader.user.username],
    id: [comment.id],
    tag: ['property'],
    handle: [`@${author.user.username}`],
    key: [new URL(uploaded.url, 'http://x').pathname.replace('/media/', '')],
    file: ['site.xml', 'posts-1.xml'],
    party: ['post'],
    'get /api/realtime/rooms/{party}/{id}/events#id': [post.id],
    'get /api/realtime/rooms/post/{id}/public#id': [post.id],
    'post /api/notifications/{id}/read#id': [notification.id],
    'get /api/posts/{slug}/revisions/{id}#id': revisions.map((r: { id: string }) => r.id),
    'post /api/posts/{slug}/revisions/{id}/restore#id': revisions.map((r: { id: string }) => r.id),
    'post /api/posts/{slug}/preview-link#slug': [draft.slug],
    'delete /api/posts/{slug}/preview-link#slug': [draft.slug],
    'delete /api/posts/{slug}#slug': [doomed.slug],
    'delete /api/comments/{id}#id': [doomedComment.id],
    // Suspending ends the account's sessions: moderation acts on an account of its own.
    'post /api/admin/users/{username}/suspend#username': [suspended.user.username],
    'post /api/admin/users/{username}/unsuspend#username': [suspended.user.username],
  });
  const login = { email: author.user.email, password: author.password };
  const session = await (await call(app, 'POST', '/api/auth/login', undefined, login)).json();
  /** The seeded post as it is now: generated edits may have moved its slug and version. */
  const current = async () => {
    const [row] = await handle.db
      .select({ slug: posts.slug, version: posts.version })
      .from(posts)
      .where(eq(posts.id, post.id));
    if (!row) throw new Error('the seeded post is gone');
    return row;
  };
  Object.assign(knownBodies, {
    'post /api/auth/register': fc
      .nat(1e9)
      .map((n) => ({ email: `new${n}@example.test`, username: `new_${n}`, password: 'a long passphrase 42' })),
    'post /api/auth/login': fc.constant(login),
    'post /api/auth/refresh': fc.constant({ refreshToken: session.refreshToken }),
    'patch /api/comments/{id}': fc.constant({ body: 'Edited' }),
    'post /api/realtime/ticket': fc.constantFrom({ room: `post/${post.id}` }, { room: `user/${author.user.id}` }),
    'post /api/media': fc.constant(new Upload(pngForm)),
  });

  const now = () => new Date();
  const emailToken = (
    user: CreatedUser,
    purpose: Parameters<typeof issueEmailToken>[1]['purpose'],
    email = user.user.email,
  ) => issueEmailToken(handle.db, { userId: user.user.id, purpose, email, now: now() });
  /** A fresh account for a happy path that changes or ends its owner's sessions. */
  const freshCaller = async (name: string) => {
    const user = await createUser(handle.db);
    callers[name] = user;
    return user;
  };
  const roomHost = async (room: `post/${string}`) => {
    callers[room] = { headers: bearer(await signServerToken(testConfig.realtime.secret, 'internal', room)) };
    return room;
  };
  const request = (path: string, as: string, body?: unknown, query: Record<string, unknown> = {}): Request => ({
    path,
    query,
    body,
    as,
  });
  Object.assign(happy, {
    'get /api/realtime/rooms/{party}/{id}/events': async () =>
      request(`/api/realtime/rooms/post/${post.id}/events`, await roomHost(`post/${post.id}`), undefined, { since: 0 }),
    'get /api/realtime/rooms/post/{id}/public': async () =>
      request(`/api/realtime/rooms/post/${post.id}/public`, await roomHost(`post/${post.id}`)),
    'get /api/unsubscribe': async () =>
      request('/api/unsubscribe', 'anonymous', undefined, {
        token: await unsubscribeToken(testConfig, reader.user.id, 'replies'),
      }),
    'post /api/unsubscribe': async () =>
      request('/api/unsubscribe', 'anonymous', undefined, {
        token: await unsubscribeToken(testConfig, reader.user.id, 'replies'),
      }),
    'get /api/preview/{token}': async () => {
      const link = await (await call(app, 'POST', `/api/posts/${draft.slug}/preview-link`, author)).json();
      return request(`/api${new URL(link.url).pathname}`, 'anonymous');
    },
    'post /api/auth/password-reset/confirm': async () =>
      request('/api/auth/password-reset/confirm', 'anonymous', {
        token: await emailToken(await freshCaller('resetting'), 'password_reset'),
        password: 'a brand new passphrase',
      }),
    'post /api/auth/verify-email': async () =>
      request('/api/auth/verify-email', 'anonymous', { token: await emailToken(reader, 'email_verify') }),
    'post /api/auth/email-change/confirm': async () => {
      const user = await freshCaller('changing');
      return request('/api/auth/email-change/confirm', 'anonymous', {
        token: await emailToken(user, 'email_change', `moved-${user.user.username}@example.test`),
      });
    },
    'post /api/auth/email-change/undo': async () =>
      request('/api/auth/email-change/undo', 'anonymous', {
        token: await emailToken(await freshCaller('undoing'), 'email_change_undo'),
      }),
    'patch /api/posts/{slug}': async () => {
      const { slug, version } = await current();
      return request(`/api/posts/${slug}`, 'author', { title: 'Edited by the property test', version });
    },
    'delete /api/posts/{slug}/like': async () => {
      const { slug } = await current();
      await call(app, 'POST', `/api/posts/${slug}/like`, admin);
      return request(`/api/posts/${slug}/like`, 'admin');
    },
    'post /api/users/me/password': async () =>
      request('/api/users/me/password', 'passwordChanger', {
        currentPassword: (await freshCaller('passwordChanger')).password,
        newPassword: 'another long passphrase',
      }),
    'delete /api/users/me': async () =>
      request('/api/users/me', 'leaver', { currentPassword: (await freshCaller('leaver')).password }),
    'post /api/mail/events': async () => {
      const event = signedProviderEvent(
        { id: crypto.randomUUID(), from: testConfig.mail.from, to: [reader.user.email], subject: 'A reply' },
        'email.delivered',
        webhookSecret,
      );
      callers.mailProvider = { headers: event.headers };
      return request('/api/mail/events', 'mailProvider', JSON.parse(event.body));
    },
    'post /api/auth/logout-all': async () => {
      await freshCaller('loggingOut');
      return request('/api/auth/logout-all', 'loggingOut');
    },
  });
  document = await (await app.request('/api/openapi.json')).json();
}, 180_000);
afterAll(() => handle.close());

function pngForm(): FormData {
  const form = new FormData();
  form.append('file', new File([png], 'property.png', { type: 'image/png' }));
  return form;
}

/** Compiles a response schema with the document's components beside it, so its `$ref`s resolve. */
function responseValidator(ajv: Ajv2020, schema: object): ValidateFunction {
  return ajv.compile({ ...schema, components: document.components });
}

/** A path segment as a browser sends it: a profile's leading `@` stays as it is. */
const encodePathValue = (value: string) => encodeURIComponent(value).replace(/^%40/, '@');

/** The known values for a path parameter of one operation: its own first, then any of that name. */
const knownValues = (key: string, name: string) => known[`${key}#${name}`] ?? known[name] ?? ['x'];

const pathValue = (key: string, name: string, schema: JsonSchema | undefined) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...knownValues(key, name)) },
    { weight: 1, arbitrary: validValue(schema ?? { type: 'string' }).map(String) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }) },
  );

/** Bytes that claim to be JSON and are not. */
const malformedJson = fc
  .constantFrom('{', '{"title": }', 'nul', '[1,2', '{"a":1}}', '\u0000')
  .map((text) => new MalformedJson(text));
class MalformedJson {
  constructor(readonly text: string) {}
}

/** A request for `operation`: path, query and JSON body each valid or not, sent as anyone. */
function requestOf(path: string, method: string, operation: Operation): fc.Arbitrary<Request> {
  const key = `${method} ${path}`;
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const query = fc.record(
    Object.fromEntries(
      queryParams.map((p) => [
        p.name,
        fc.option(fc.oneof(validValue(p.schema ?? {}), invalidValue(p.schema ?? {})), { nil: undefined }),
      ]),
    ),
    { requiredKeys: [] },
  );
  return fc.record({
    path: fc
      .tuple(...pathParams.map((p) => pathValue(key, p.name, p.schema)))
      .map((values) =>
        pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, encodePathValue(values[i] ?? '')), path),
      ),
    query,
    body: bodySchema
      ? fc.oneof(
          { weight: 3, arbitrary: validValue(bodySchema) },
          { weight: 2, arbitrary: invalidValue(bodySchema) },
          { weight: 1, arbitrary: malformedJson },
          { weight: knownBodies[key] ? 3 : 0, arbitrary: knownBodies[key] ?? fc.constant(null) },
        )
      : method === 'get'
        ? fc.constant(undefined)
        : fc.oneof(
            { weight: 1, arbitrary: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined, freq: 4 }) },
            { weight: knownBodies[key] ? 1 : 0, arbitrary: knownBodies[key] ?? fc.constant(undefined) },
          ),
    as: fc.constantFrom('anonymous', 'author', 'admin'),
  });
}

/**
 * The happy path of an operation with no request of its own in `happy`: the first known value of
 * each path parameter, a known body if there is one, sent by the author (by an admin under /admin).
 */
function defaultHappy(path: string, method: string, operation: Operation): Request {
  const key = `${method} ${path}`;
  const filled = (operation.parameters ?? [])
    .filter((p) => p.in === 'path')
    .reduce((url, p) => url.replace(`{${p.name}}`, encodePathValue(knownValues(key, p.name)[0] ?? '')), path);
  const body = knownBodies[key] ? fc.sample(knownBodies[key], { seed, numRuns: 1 })[0] : undefined;
  return { path: filled, query: {}, body, as: path.startsWith('/api/admin') ? 'admin' : 'author' };
}

const searchOf = (query: Record<string, unknown>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
};

/** Reads first, then writes, deletions last: the seeded post and comment stay around for most operations. */
const methodOrder = ['get', 'post', 'put', 'patch', 'delete'];
/** These end the seeded users' sessions (or accounts), so they run after everything else. */
const sessionEnders = ['post /api/auth/logout-all', 'post /api/users/me/password', 'delete /api/users/me'];
const rank = ({ method, path }: { method: string; path: string }) =>
  sessionEnders.includes(`${method} ${path}`) ? methodOrder.length : methodOrder.indexOf(method);

describe('the OpenAPI document against the real app', () => {
  it('answers generated valid and invalid requests without a 5xx, with bodies matching the documented schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const operations = Object.entries(document.paths ?? {})
      .flatMap(([path, item]) =>
        Object.entries(item ?? {})
          .filter(([method]) => methodOrder.includes(method))
          .map(([method, operation]) => ({ path, method, operation: operation as Operation })),
      )
      .sort((a, b) => rank(a) - rank(b));
    expect(operations.length).toBeGreaterThan(30);

    for (const { path, method, operation } of operations) {
      const example = await (happy[`${method} ${path}`]?.() ?? defaultHappy(path, method, operation));
      await fc.assert(
        fc.asyncProperty(requestOf(path, method, operation), async (request) => {
          const url = `${request.path}${searchOf(request.query)}`;
          const headers = callers[request.as]?.headers;
          const res =
            request.body instanceof MalformedJson
              ? await app.request(url, {
                  method: method.toUpperCase(),
                  headers: { ...headers, 'content-type': 'application/json' },
                  body: request.body.text,
                })
              : request.body instanceof Upload
                ? await app.request(url, { method: method.toUpperCase(), headers, body: request.body.form() })
                : await call(app, method.toUpperCase(), url, callers[request.as], request.body);
          const text = await res.text();
          sent.push({ method, path, status: res.status, body: text.slice(0, 200) });
          expect(res.status, `${method} ${url} → ${text.slice(0, 300)}`).toBeLessThan(500);
          const documented = operation.responses[String(res.status)] ?? operation.responses.default;
          expect(documented, `${method} ${path}: status ${res.status} is not documented`).toBeDefined();
          const schema = documented?.content?.['application/json']?.schema;
          if (!res.headers.get('content-type')?.startsWith('application/json')) return;
          expect(schema, `${method} ${path} ${res.status}: JSON answer without a documented schema`).toBeDefined();
          const validate = responseValidator(ajv, schema as object);
          const valid = validate(JSON.parse(text));
          expect(
            valid,
            `${method} ${url} ${res.status}: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`,
          ).toBe(true);
        }),
        { numRuns: runsPerOperation, seed, endOnFailure: true, examples: [[example]] },
      );
    }
    const statuses = sent.reduce<Record<number, number>>((all, { status }) => {
      all[status] = (all[status] ?? 0) + 1;
      return all;
    }, {});
    console.info(`openapi properties: ${operations.length} operations, ${sent.length} requests`, statuses);
    // Every documented operation answered 2xx at least once, so its success schema was checked.
    const succeeded = new Set(sent.filter(({ status }) => status < 300).map(({ method, path }) => `${method} ${path}`));
    const never = operations.map(({ method, path }) => `${method} ${path}`).filter((key) => !succeeded.has(key));
    const answers = (key: string) =>
      [...new Set(sent.filter((r) => `${r.method} ${r.path}` === key).map((r) => `${r.status} ${r.body.slice(0, 80)}`))]
        .slice(0, 3)
        .join(' | ');
    console.info(`openapi properties: ${succeeded.size} of ${operations.length} operations answered 2xx`);
    expect(never.map((key) => `${key}: ${answers(key)}`)).toEqual([]);
  }, 300_000);
});
