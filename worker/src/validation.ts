import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { ZodType, z } from 'zod';
import { AppError } from './errors';

/** Turns zod issues into the contract's `{ "<field path>": ["message", ...] }`. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = issue.path.length ? issue.path.join('.') : '_';
    details[path] ??= [];
    details[path].push(issue.message);
  }
  return details;
}

/**
 * zValidator that fails with 422 `validation_failed` and per-field details. It also carries the
 * schema under hono-openapi's marker, so every route validated here appears in the OpenAPI
 * document with no extra code in the route (see docs/decisions/ on the OpenAPI choice).
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) =>
  Object.assign(
    zValidator(target, schema, (result) => {
      if (!result.success) {
        throw new AppError('validation_failed', 'Validation failed', issuesToDetails(result.error.issues));
      }
    }),
    { [uniqueSymbol]: { target, ...resolver(schema) } },
  );
