import { z } from 'zod';
import { errorCodes } from '../errors';

/** The contract's error body, written once so the document cannot drift from `errors.ts`. */
const errorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('For `validation_failed`: `{ "<field path>": ["message", ...] }`; for `conflict`: `{ field }`'),
    requestId: z.string(),
  }),
});

export function errorJsonSchema() {
  const { $schema: _, ...schema } = z.toJSONSchema(errorBody, { target: 'draft-2020-12' });
  return schema;
}
