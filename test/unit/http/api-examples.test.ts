import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { API_EXAMPLES } from '../../../functions/api-examples';
import type { Schema } from '../../../functions/http/route';
import { answerSchemasOf, routeList } from '../../../functions/routes';

/**
 * The examples of the OpenAPI document are real: each request example passes the route's body schema (or its
 * media type's), each answer example its response schema. Types check them at compile time; this checks what
 * types cannot (patterns, formats, strictness).
 */

const examples = API_EXAMPLES as Readonly<
  Record<
    string,
    | {
        request?: readonly { value: unknown }[];
        requestMediaTypes?: Readonly<Record<string, readonly { value: unknown }[]>>;
        responses: Readonly<Record<string, readonly { value: unknown }[]>>;
      }
    | undefined
  >
>;

function issuesOf(schema: Schema, value: unknown): string[] {
  const result = z.safeParse(schema, value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe.each(routeList.map((route) => [route.id, route] as const))('%s', (id, route) => {
  const own = examples[id];

  it('has an example of its body and of each 2xx answer', () => {
    const needs = route.body || route.requestMediaTypes || Object.keys(answerSchemasOf(route)).length > 0;
    if (needs) expect(own, 'examples in functions/api-examples.ts').toBeDefined();
    if (route.body) expect(own?.request?.length).toBeGreaterThan(0);
    for (const mediaType of Object.keys(route.requestMediaTypes ?? {})) {
      expect(own?.requestMediaTypes?.[mediaType]?.length, mediaType).toBeGreaterThan(0);
    }
    for (const status of Object.keys(answerSchemasOf(route))) {
      expect(own?.responses[status]?.length, status).toBeGreaterThan(0);
    }
  });

  it('has examples the schemas accept', () => {
    for (const example of own?.request ?? []) {
      expect(issuesOf(route.body as Schema, example.value)).toEqual([]);
    }
    for (const [mediaType, list] of Object.entries(own?.requestMediaTypes ?? {})) {
      const schema = route.requestMediaTypes?.[mediaType];
      expect(schema, mediaType).toBeDefined();
      for (const example of list) expect(issuesOf(schema as Schema, example.value)).toEqual([]);
    }
    for (const [status, list] of Object.entries(own?.responses ?? {})) {
      const schema = (answerSchemasOf(route) as Readonly<Record<string, Schema | undefined>>)[status];
      expect(schema, status).toBeDefined();
      for (const example of list) expect(issuesOf(schema as Schema, example.value)).toEqual([]);
    }
  });
});
