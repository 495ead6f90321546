/**
 * The pieces every part of the OpenAPI document is built from: JSON Schema from
 * the zod schemas the service validates with, parameters, content types and the
 * shared error responses. Feature modules build their paths from these.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

export function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** One query parameter per key of a strict query schema. */
export function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const properties = (jsonSchema(schema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...valueSchema } = property;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: valueSchema };
  });
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const idParameter = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `${what} id`,
  schema: { type: 'string' },
});
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
export const jsonOrCsv = (schema: JsonSchema) => ({
  ...json(schema),
  'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM, Chinese headers' } },
});
export const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/E${status}` }]));

export const KEYED = [{ ApiKey: [] }, { Bearer: [] }];
export const NONE: never[] = [];
