import fc from 'fast-check';

/** The subset of JSON Schema (as zod writes it into the OpenAPI document) that requests are generated from. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl();
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  // zod writes \p{L}-style patterns, which only mean what they say with the `u` flag.
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u'));
  const minLength = schema.minLength ?? 0;
  // Long enough to reach a limit sometimes, short enough to keep requests cheap.
  const maxLength = Math.min(schema.maxLength ?? minLength + 40, minLength + 200);
  return fc.string({ minLength, maxLength }).filter((s) => s.trim().length >= minLength);
};

const numberOf = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 1);
  const max = schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1000 : schema.exclusiveMaximum - 1);
  const bounded = { min: Math.max(min, -1e6), max: Math.min(max, 1e6) };
  return integer ? fc.integer(bounded) : fc.double({ ...bounded, noNaN: true, noDefaultInfinity: true });
};

/** Values the schema accepts (as far as this generator understands it). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map(validValue));
  if (schema.allOf?.length) return validValue(Object.assign({}, ...schema.allOf));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 8),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = schema.required ?? [];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) record[name] = validValue(property);
      return fc.record(record, { requiredKeys: required.filter((name) => name in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Anything a client could send: wrong types, missing fields, junk strings, nested junk. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const junk = fc.oneof(
    fc.constantFrom(null, '', ' ', '0', -1, 0, 1e308, true, '💥', '../../etc/passwd', "' OR 1=1 --", '\u0000'),
    fc.string({ maxLength: 300, unit: 'binary' }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  if (schema.type !== 'object' || !schema.properties) return junk;
  const fields = Object.keys(schema.properties);
  // A valid object with one field replaced by junk (or dropped): the most likely bad request.
  return fc.oneof(
    junk,
    fc
      .tuple(validValue(schema), fc.constantFrom(...fields), fc.option(junk, { nil: undefined }))
      .map(([value, field, replacement]) => {
        const copy = { ...(value as Record<string, unknown>) };
        if (replacement === undefined) delete copy[field];
        else copy[field] = replacement;
        return copy;
      }),
  );
}
