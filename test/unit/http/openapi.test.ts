import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, problemStatusesOf, SECURITY_SCHEME } from '../../../functions/http/openapi';
import { OPERATORS_GROUP, routeList, routes, type RouteDefinition } from '../../../functions/routes';

/** The OpenAPI 3.1 document built from the route table: valid, complete, and committed up to date. */

const document = buildOpenApiDocument(routeList);

type Operation = {
  operationId: string;
  summary: string;
  security: Record<string, string[]>[];
  parameters?: {
    name?: string;
    in?: string;
    required?: boolean;
    schema?: Record<string, unknown>;
    $ref?: string;
  }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { $ref?: string; description?: string; content?: Record<string, unknown> }>;
};

function operationOf(route: RouteDefinition): Operation {
  const operation = document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) throw new Error(`no operation for ${route.method} ${route.path}`);
  return operation as unknown as Operation;
}

function pathNamesOf(route: RouteDefinition): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
}

const byRoute = routeList.map((route) => [`${route.method} ${route.path}`, route] as const);

it('is a valid OpenAPI 3.1 document', async () => {
  // validate() dereferences what it is given: hand it a copy.
  const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);

  expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
  expect(document.openapi).toMatch(/^3\.1\./);
});

it('has one operation per route, named by the route id', () => {
  const operations = Object.values(document.paths).flatMap((methods) =>
    Object.values(methods).map((operation) => operation.operationId),
  );

  expect(operations.sort()).toEqual(routeList.map((route) => route.id).sort());
});

it('matches docs/openapi.json (run `npm run openapi` after changing a route or a schema)', () => {
  const file = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(document)));
});

describe.each(byRoute)('%s', (_name, route) => {
  const operation = operationOf(route);

  it('carries the route id and summary', () => {
    expect(operation).toMatchObject({ operationId: route.id, summary: route.summary });
  });

  it('names every path parameter, required, with its schema', () => {
    const path = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');

    expect(path.map((parameter) => parameter.name).sort()).toEqual(pathNamesOf(route).sort());
    for (const parameter of path) {
      expect(parameter.required).toBe(true);
      expect(parameter.schema).toMatchObject({ type: 'string' });
    }
  });

  it("lists the query schema's parameters, required only without a default or optional", () => {
    const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
    const shape = route.query ? Object.keys((route.query as unknown as { shape: object }).shape) : [];

    expect(query.map((parameter) => parameter.name)).toEqual(shape);
    for (const parameter of query) expect(parameter.required).toBe(false);
  });

  it('describes the body of a route that takes one', () => {
    if (route.body) {
      expect(operation.requestBody?.required).toBe(true);
      expect(Object.keys(operation.requestBody?.content ?? {})).toEqual(['application/json']);
      // An object, or one of several (a discriminated union such as a decision's APPROVE | REJECT).
      const schema = operation.requestBody?.content['application/json']?.schema ?? {};
      const alternatives = (schema.oneOf as Record<string, unknown>[] | undefined) ?? [schema];
      for (const alternative of alternatives) expect(alternative).toMatchObject({ type: 'object' });
    } else if (route.requestMediaTypes) {
      expect(Object.keys(operation.requestBody?.content ?? {}).sort()).toEqual(
        Object.keys(route.requestMediaTypes).sort(),
      );
    } else {
      expect(operation.requestBody).toBeUndefined();
    }
  });

  it('needs a Cognito ID token unless public, and the operators group on operator routes', () => {
    const expected =
      route.auth === 'public'
        ? []
        : [{ [SECURITY_SCHEME]: route.auth === 'operator' ? [OPERATORS_GROUP] : [] }];

    expect(operation.security).toEqual(expected);
  });

  it('documents its 2xx answers and its problem+json answers', () => {
    const statuses = Object.keys(operation.responses).map(Number);

    expect(statuses.filter((status) => status < 300)).toEqual(Object.keys(route.success).map(Number));
    expect(statuses.filter((status) => status >= 400)).toEqual(problemStatusesOf(route));
    for (const status of problemStatusesOf(route)) {
      expect(operation.responses[status]?.$ref).toMatch(/^#\/components\/responses\/\w+$/);
    }
  });
});

describe('problem answers', () => {
  it('share one RFC 9457 Problem schema with field pointers', () => {
    const { schemas, responses } = document.components as {
      schemas: Record<string, { properties: Record<string, unknown>; required: string[] }>;
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };

    expect(schemas.Problem?.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(schemas.Problem?.properties.errors).toEqual({
      type: 'array',
      description: expect.any(String),
      items: { $ref: '#/components/schemas/FieldProblem' },
    });
    expect(schemas.FieldProblem?.required).toEqual(['pointer', 'detail']);
    for (const response of Object.values(responses)) {
      expect(response.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
  });

  it('follow from the route: 401 only when signed in, 413/415 only with a body, 404 with a path, 409/422 for writes', () => {
    expect(problemStatusesOf(routes.signUp)).toEqual([400, 409, 413, 415, 422, 429, 500, 503]);
    expect(problemStatusesOf(routes.getAccount)).toEqual([401, 404, 429, 500, 503]);
    expect(problemStatusesOf(routes.listGroups)).toEqual([401, 403, 429, 500, 503]);
    expect(problemStatusesOf(routes.importPortalData)).toEqual([
      400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503,
    ]);
    expect(problemStatusesOf(routes.deleteGroup)).toEqual([400, 401, 403, 404, 409, 422, 429, 500, 503]);
    expect(problemStatusesOf(routes.registerBusiness)).toContain(422);
  });
});

describe('schemas', () => {
  it('shows query defaults and coercions from the client side', () => {
    const parameters = operationOf(routes.listProducts).parameters ?? [];

    expect(parameters.find((parameter) => parameter.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      description: 'Items per page',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    });
    expect(parameters.find((parameter) => parameter.name === 'status')?.schema).toEqual({
      type: 'string',
      enum: ['ACTIVE', 'EXPIRING', 'EXPIRED'],
    });
  });

  it('keeps bodies strict: required fields, no unknown ones', () => {
    const schema = operationOf(routes.signUp).requestBody?.content['application/json']?.schema;

    expect(schema).toMatchObject({
      type: 'object',
      required: ['email', 'password', 'firstName', 'lastName', 'country'],
      additionalProperties: false,
    });
  });

  it('describes an import as JSON rows of sites or products, or CSV text', () => {
    const content = operationOf(routes.importPortalData).requestBody?.content ?? {};

    expect(content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['rows'],
      properties: { rows: { type: 'array', maxItems: 5000, items: { anyOf: [{}, {}] } } },
    });
    const rows = content['application/json']?.schema.properties as {
      rows: { items: { anyOf: { required: string[] }[] } };
    };
    expect(rows.rows.items.anyOf.map((row) => row.required[0])).toEqual(['siteId', 'serviceTag']);
    expect(content['text/csv']?.schema).toMatchObject({
      type: 'string',
      description: expect.stringContaining('siteId,name,address,city,country'),
    });
  });

  it('answers 204 without a body and other statuses with JSON', () => {
    expect(operationOf(routes.deleteGroup).responses['204']).not.toHaveProperty('content');
    expect(operationOf(routes.getAccount).responses['200']).toMatchObject({
      description: expect.any(String),
      content: { 'application/json': { schema: { type: 'object', required: expect.any(Array) } } },
    });
    expect(operationOf(routes.decideOrganizationRequest).responses['201']?.content).toHaveProperty(
      'application/json',
    );
  });
});

describe('idempotency keys', () => {
  it('lets every write take an Idempotency-Key header, and no read', () => {
    for (const route of routeList) {
      const refs = (operationOf(route).parameters ?? []).filter(
        (parameter) => '$ref' in parameter && parameter.$ref !== '#/components/parameters/AcceptLanguage',
      );
      expect(refs, route.id).toEqual(
        route.method === 'GET' ? [] : [{ $ref: '#/components/parameters/IdempotencyKey' }],
      );
    }
  });

  it('lets every operation take an Accept-Language header (the language of its problems)', () => {
    for (const route of routeList) {
      expect(operationOf(route).parameters ?? [], route.id).toContainEqual({
        $ref: '#/components/parameters/AcceptLanguage',
      });
    }
  });

  it('describes the header, the replay marker and the refusals', () => {
    const document = buildOpenApiDocument(routeList);
    const components = document.components as {
      parameters: Record<string, Record<string, unknown>>;
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };

    expect(components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
    expect(components.responses.Conflict?.headers).toHaveProperty('Retry-After');
    expect(operationOf(routes.createGroup).responses['201']).toMatchObject({
      headers: { 'Idempotent-Replayed': { schema: { enum: ['true'] } } },
    });
    expect(operationOf(routes.listGroups).responses['200']).not.toHaveProperty('headers');
  });
});

it('names the given servers', () => {
  const local = buildOpenApiDocument(routeList, { servers: [{ url: 'http://127.0.0.1:4010' }] });

  expect(local.servers).toEqual([{ url: 'http://127.0.0.1:4010' }]);
});

/** Every object in a JSON Schema, with where it is. */
function* objectSchemasIn(schema: unknown, at: string): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(schema)) {
    for (const [index, item] of schema.entries()) yield* objectSchemasIn(item, `${at}/${index}`);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object') yield [at, node];
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'examples' && key !== 'example') yield* objectSchemasIn(value, `${at}/${key}`);
  }
}

describe('every success answer has a described schema (now and for every route added later)', () => {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as const,
    ),
  );

  it.each(operations)('%s', (_name, operation) => {
    const responses = operation.responses as Record<string, Record<string, unknown>>;
    for (const [status, response] of Object.entries(responses)) {
      if (!/^2\d\d$/.test(status) || status === '204') continue;
      const media = (response.content as Record<string, Record<string, unknown>> | undefined)?.[
        'application/json'
      ];
      const schema = media?.schema as Record<string, unknown> | undefined;
      expect(schema, `${status}: a JSON schema`).toBeDefined();
      expect(schema?.description, `${status}: the answer is described`).toEqual(expect.any(String));
      const alternatives = (schema?.oneOf ?? schema?.anyOf ?? [schema]) as Record<string, unknown>[];
      for (const alternative of alternatives) expect(alternative.type, status).toBe('object');
      for (const [at, object] of objectSchemasIn(schema, status)) {
        // A bare `object` tells a client nothing: every object names its properties and which are required.
        expect(Object.keys((object.properties as object | undefined) ?? {}), at).not.toHaveLength(0);
        expect(object.required, at).toEqual(expect.any(Array));
        expect(object.additionalProperties, at).toBe(false);
      }
      expect(
        Object.keys((media?.examples as object | undefined) ?? {}),
        `${status}: an example`,
      ).not.toHaveLength(0);
    }
    const requestBody = operation.requestBody as
      { content: Record<string, { examples?: Record<string, unknown> }> } | undefined;
    for (const [mediaType, media] of Object.entries(requestBody?.content ?? {})) {
      expect(Object.keys(media.examples ?? {}), `${mediaType} request: an example`).not.toHaveLength(0);
    }
  });

  it('shows the enums and formats a client relies on', () => {
    const account = JSON.stringify(operationOf(routes.getAccount).responses['200']);
    expect(account).toContain('"PENDING_ORGANIZATION"');
    expect(account).toContain('"date-time"');
    expect(JSON.stringify(operationOf(routes.listMembers).responses['200'])).toContain('"ADMINISTRATOR"');
    expect(JSON.stringify(operationOf(routes.getOrganizationRequest).responses['200'])).toContain(
      '"NEEDS_ATTENTION"',
    );
    expect(JSON.stringify(operationOf(routes.listProducts).responses['200'])).toContain('"EXPIRING"');
  });

  it('lists the problem types each operation may answer, each documented', () => {
    const operation = operationOf(routes.changeMemberRole) as Operation & { 'x-problem-types': string[] };

    expect(operation['x-problem-types']).toEqual(
      expect.arrayContaining([
        '/problems/last-administrator',
        '/problems/administrators-only',
        '/problems/validation-error',
      ]),
    );
    expect((operation as unknown as { description: string }).description).toContain(
      '[`/problems/last-administrator`](docs/api.md#last-administrator)',
    );
  });
});
