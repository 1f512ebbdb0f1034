import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps } from '#test/deps';
import { createAdmin, createUser } from '#test/factories';
import { createTestPost } from '#test/post-factories';
import { createPgliteDatabase } from '#test/postgres';
import { call } from '#test/requests';
import { invalidValue, type JsonSchema, validValue } from '#test/schema-arbitrary';
import { createApp } from '#worker/app';
import type { OpenApiDocument } from '#worker/openapi/document';

/** Runs per operation: ~60 operations × this stays well under a minute on PGlite. */
const runsPerOperation = 30;
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
/** Known-good values per path parameter name, so valid requests reach the happy path. */
const known: Record<string, string[]> = {};
const callers: Record<'anonymous' | 'author' | 'admin', { headers: Record<string, string> } | undefined> = {
  anonymous: undefined,
  author: undefined,
  admin: undefined,
};
const sent: Sent[] = [];
/** Known-good bodies per operation, for happy paths a schema alone cannot reach (real credentials, versions). */
const knownBodies: Record<string, fc.Arbitrary<unknown>> = {};

beforeAll(async () => {
  handle = await createPgliteDatabase();
  app = createApp(await createTestDeps(handle.db));
  const author = await createUser(handle.db);
  const reader = await createUser(handle.db);
  const admin = await createAdmin(handle.db);
  const post = await createTestPost(app, author, { tags: ['property'] });
  const comment = (await (await call(app, 'POST', `/api/posts/${post.slug}/comments`, reader, { body: 'Hi' })).json())
    .comment;
  await call(app, 'POST', `/api/users/${author.user.username}/follow`, reader);
  Object.assign(callers, { author, admin });
  Object.assign(known, {
    slug: [post.slug, 'property'],
    username: [author.user.username, reader.user.username],
    id: [comment.id],
  });
  const login = { email: author.user.email, password: author.password };
  const session = await (await call(app, 'POST', '/api/auth/login', undefined, login)).json();
  Object.assign(knownBodies, {
    'post /api/auth/register': fc
      .nat(1e9)
      .map((n) => ({ email: `new${n}@example.test`, username: `new_${n}`, password: 'a long passphrase 42' })),
    'post /api/auth/login': fc.constant(login),
    'post /api/auth/refresh': fc.constant({ refreshToken: session.refreshToken }),
    'patch /api/posts/{slug}': fc.constant({ title: 'Edited by the property test', version: post.version }),
    'patch /api/comments/{id}': fc.constant({ body: 'Edited' }),
  });
  document = await (await app.request('/api/openapi.json')).json();
});
afterAll(() => handle.close());

/** Compiles a response schema with the document's components beside it, so its `$ref`s resolve. */
function responseValidator(ajv: Ajv2020, schema: object): ValidateFunction {
  return ajv.compile({ ...schema, components: document.components });
}

const pathValue = (name: string, schema: JsonSchema | undefined) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(known[name] ?? ['x'])) },
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
function requestOf(path: string, method: string, operation: Operation) {
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
      .tuple(...pathParams.map((p) => pathValue(p.name, p.schema)))
      .map((values) =>
        pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(values[i] ?? '')), path),
      ),
    query,
    body: bodySchema
      ? fc.oneof(
          { weight: 3, arbitrary: validValue(bodySchema) },
          { weight: 2, arbitrary: invalidValue(bodySchema) },
          { weight: 1, arbitrary: malformedJson },
          {
            weight: knownBodies[`${method} ${path}`] ? 3 : 0,
            arbitrary: knownBodies[`${method} ${path}`] ?? fc.constant(null),
          },
        )
      : method === 'get'
        ? fc.constant(undefined)
        : fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined, freq: 4 }),
    as: fc.constantFrom('anonymous', 'author', 'admin') as fc.Arbitrary<keyof typeof callers>,
  });
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
      await fc.assert(
        fc.asyncProperty(requestOf(path, method, operation), async (request) => {
          const url = `${request.path}${searchOf(request.query)}`;
          const res =
            request.body instanceof MalformedJson
              ? await app.request(url, {
                  method: method.toUpperCase(),
                  headers: { ...callers[request.as]?.headers, 'content-type': 'application/json' },
                  body: request.body.text,
                })
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
        { numRuns: runsPerOperation, seed, endOnFailure: true },
      );
    }
    const statuses = sent.reduce<Record<number, number>>((all, { status }) => {
      all[status] = (all[status] ?? 0) + 1;
      return all;
    }, {});
    console.info(`openapi properties: ${operations.length} operations, ${sent.length} requests`, statuses);
    // The seeds must make the happy path reachable: most operations answered 2xx at least once.
    const succeeded = new Set(sent.filter(({ status }) => status < 300).map(({ method, path }) => `${method} ${path}`));
    const never = operations.map(({ method, path }) => `${method} ${path}`).filter((key) => !succeeded.has(key));
    console.info(`operations answered 2xx: ${succeeded.size}; never: ${never.join(', ')}`);
    expect(succeeded.size).toBeGreaterThanOrEqual(Math.floor(operations.length * 0.6));
  }, 120_000);
});
