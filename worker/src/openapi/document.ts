import type { Hono } from 'hono';
import type { RouterRoute } from 'hono/types';
import { findTargetHandler } from 'hono/utils/handler';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { AppEnv } from '../app-env';
import { optionalUser, requireAdmin, requireUser } from '../middleware/auth';
import { errorJsonSchema } from './error-schema';
import { errorResponse } from './responses';
import { addSuccessResponses } from './success-responses';

export type OpenApiDocument = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const bearer = { bearerAuth: [] };

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

/** Which auth middleware guards each operation, read from the routes themselves so nobody has to repeat it. */
function authOf(routes: readonly RouterRoute[]) {
  const auth = new Map<string, 'user' | 'admin' | 'optional'>();
  for (const route of routes) {
    const handler = findTargetHandler(route.handler);
    const kind =
      handler === requireAdmin
        ? 'admin'
        : handler === requireUser
          ? 'user'
          : handler === optionalUser
            ? 'optional'
            : null;
    if (kind) auth.set(`${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`, kind);
  }
  return auth;
}

/** Fills what every operation shares: a tag, auth requirements and the error answers the app gives anywhere. */
function annotate(path: string, method: string, operation: Operation, auth: ReturnType<typeof authOf>) {
  const segments = path.split('/').filter(Boolean);
  if (!operation.tags?.length)
    operation.tags = [segments[0] === 'api' ? (segments[1] ?? 'api') : (segments[0] ?? 'api')];
  const responses: OpenAPIV3_1.ResponsesObject = operation.responses ?? {};
  addSuccessResponses(`${method} ${path}`, responses);
  for (const [status, response] of Object.entries(responses)) {
    if (!('$ref' in response) && !response.description) responses[status] = { ...response, description: 'Success' };
  }
  const guard = auth.get(`${method} ${path}`);
  if (guard === 'optional') operation.security = [{}, bearer];
  if (guard === 'user' || guard === 'admin') {
    operation.security = [bearer];
    responses['401'] ??= errorResponse('Not signed in, or the access token is expired, invalid or revoked');
  }
  if (guard === 'admin') responses['403'] ??= errorResponse('`forbidden`: administrators only');
  if (operation.requestBody || operation.parameters?.length) {
    responses['422'] ??= errorResponse('`validation_failed`, with a message per field in `details`');
  }
  responses.default ??= errorResponse('Any other failure, with its code (see the Error schema)');
  operation.responses = responses;
}

/** A parameter with its own pattern (`/:handle{@[^/]+}`) ends a path whose key hono-openapi leaves half-converted. */
const regexParameter = /\{([A-Za-z0-9_]+)\{.*\}$/;

function repairRegexParameters(paths: OpenAPIV3_1.PathsObject): OpenAPIV3_1.PathsObject {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      if (!regexParameter.test(path)) return [path, item];
      for (const method of methods) {
        for (const parameter of (item?.[method]?.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
          parameter.name = parameter.name.replace(/\{.*$/, '');
        }
      }
      return [path.replace(regexParameter, '{$1}'), item];
    }),
  );
}

async function buildDocument(app: Hono<AppEnv>): Promise<OpenApiDocument> {
  const document = (await generateSpecs(app, {
    documentation: {
      info: {
        title: 'Edgepress API',
        version: '1',
        description: 'JSON over HTTP. Send `Authorization: Bearer <accessToken>` where an operation needs a user.',
      },
      components: {
        schemas: { Error: errorJsonSchema() as OpenAPIV3_1.SchemaObject },
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    includeEmptyPaths: true,
    // The reference page documents nothing; /metrics is internal (Node only, nginx refuses it).
    exclude: [/^\/api\/docs/, '/metrics'],
    // Routes named like files (robots.txt, sitemap.xml) are routes of ours, not static assets.
    excludeStaticFile: false,
    defaultValidationErrorResponse: false,
  })) as OpenApiDocument;
  document.paths = repairRegexParameters(document.paths ?? {});
  const auth = authOf(app.routes);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item?.[method];
      if (operation) annotate(path, method, operation, auth);
    }
  }
  return document;
}

/**
 * The OpenAPI 3.1 document of `app`, generated on first use from the zod schemas its routes
 * validate with (through `validate()`) and their `describeRoute()` notes, then kept.
 */
export function openApiDocumentOf(app: Hono<AppEnv>): () => Promise<OpenApiDocument> {
  let document: Promise<OpenApiDocument> | undefined;
  return () => {
    document ??= buildDocument(app);
    return document;
  };
}
