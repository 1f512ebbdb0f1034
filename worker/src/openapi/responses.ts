import { resolver } from 'hono-openapi';
import type { ZodType } from 'zod';

export const errorSchemaRef = { $ref: '#/components/schemas/Error' };

/** A documented failure: every error has the contract's `{ error: { code, message, details?, requestId } }` body. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchemaRef } },
});

/** A documented JSON answer whose schema is generated from the zod schema that shapes it. */
export const jsonResponse = (description: string, schema: ZodType) => ({
  description,
  content: { 'application/json': { schema: resolver(schema) } },
});
