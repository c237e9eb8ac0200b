import * as z from 'zod/mini';
import packageJson from '../../package.json' with { type: 'json' };
import {
  type AnyResponseSchemas,
  OPERATORS_GROUP,
  type RouteAuth,
  type RouteDefinition,
  type Schema,
  takesIdempotencyKey,
} from './route';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_WINDOW_SECONDS,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../core/domain/idempotency';
import { PROBLEM_CONTENT_TYPE } from './gateway-responses';
import { MAX_BODY_BYTES } from './request';
import { API_EXAMPLES, type Example } from '../api-examples';
import { answerSchemasOf } from '../routes';
import { PROBLEM_TYPES, PROBLEM_TYPES_DOCUMENT, type ProblemTypeSlug } from './problem-types';
import { LOCALES } from '../core/i18n/locale';

/**
 * The OpenAPI 3.1 document of the API, built from the route table: its zod schemas become the parameters and
 * request bodies (`z.toJSONSchema`, as input: defaults shown, coercions seen from the client's side), its `success`
 * entries the 2xx answers, and what each route's shape implies the problem+json answers. The local server serves
 * it at `/openapi.json` and `npm run openapi` writes docs/openapi.json. No handler imports this module, so no
 * Lambda bundle carries it.
 */

/** A JSON value as the document holds it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiServer {
  readonly url: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, { readonly default: string; readonly description?: string }>>;
}

/** The examples of one route: of its JSON body, of its body per media type, and of each 2xx answer. */
export interface OperationExamples {
  readonly request?: readonly Example<unknown>[] | undefined;
  readonly requestMediaTypes?: Readonly<Record<string, readonly Example<unknown>[]>> | undefined;
  readonly responses: Readonly<Record<string, readonly Example<unknown>[]>>;
}

export interface OpenApiOptions {
  /** Where the API is served. @default DOCUMENTED_SERVERS */
  readonly servers?: readonly OpenApiServer[];
  /** Examples by route id. @default API_EXAMPLES (functions/api-examples.ts) */
  readonly examples?: Readonly<Record<string, OperationExamples | undefined>>;
  /** The answer schemas of a route. @default answerSchemasOf (functions/routes.ts) */
  readonly answerSchemasOf?: (route: RouteDefinition) => AnyResponseSchemas;
}

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: JsonObject;
  paths: { [path: string]: { [method: string]: JsonObject } };
  components: JsonObject;
}

/**
 * The servers the committed document (docs/openapi.json) names: the deployed REST API (API Gateway's execute-api
 * host and the stage, lib/api.ts API_STAGE_NAME) and the local stack on its default port.
 */
export const DOCUMENTED_SERVERS: readonly OpenApiServer[] = [
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
    description: 'The deployed API (stack output ApiUrl)',
    variables: {
      apiId: { default: 'apiId', description: 'The REST API id' },
      region: { default: 'eu-central-1' },
      stage: { default: 'api' },
    },
  },
  { url: 'http://127.0.0.1:3000', description: 'The local stack (npm start)' },
];

/** The security scheme of every signed-in route. */
export const SECURITY_SCHEME = 'cognitoIdToken';

/** The problem+json answers, by status: name in components.responses and what the status means here. */
const PROBLEMS = {
  400: {
    name: 'BadRequest',
    description:
      'The request is not valid: `errors` names each field (`/field` in the body, `query:/name`, `path:/name`), ' +
      'or the body could not be read',
  },
  401: { name: 'Unauthorized', description: 'No valid Cognito ID token' },
  403: { name: 'Forbidden', description: 'Signed in but not allowed; `type` says why' },
  404: { name: 'NotFound', description: 'No such resource, or not one the caller may see' },
  409: {
    name: 'Conflict',
    description:
      'Not possible in the current state; `type` says why (`idempotency-request-in-progress`: the first request ' +
      'under this Idempotency-Key is still running, retry after `Retry-After` seconds)',
  },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than the route accepts' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of a media type the route reads' },
  422: {
    name: 'Unprocessable',
    description:
      'Well-formed, but the rules refuse it; `type` says why (`idempotency-key-reused`: this Idempotency-Key ' +
      'came with a different request)',
  },
  429: { name: 'TooManyRequests', description: 'Throttled; retry after `Retry-After` seconds' },
  500: { name: 'InternalError', description: 'A fault on the API side; quote the `requestId`' },
  503: {
    name: 'ServiceUnavailable',
    description: 'A service the API depends on is unavailable; retry after `Retry-After` seconds',
  },
} as const satisfies Record<number, { name: string; description: string }>;

type ProblemStatus = keyof typeof PROBLEMS;

const RETRY_AFTER: JsonObject = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 },
};

/** The Accept-Language request header of every operation (components.parameters), docs/languages.md. */
const ACCEPT_LANGUAGE_PARAMETER: JsonObject = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description:
    `The language of the problem titles, details and field errors (one of ${LOCALES.join(', ')}; the best match ` +
    "of the header, else en); an ID token with a `locale` claim wins over it. Emails use the account's " +
    '`locale` instead; a sign-up without `locale` in its body takes this language for the account. `type`, ' +
    'states, enums and JSON keys never change.',
  schema: { type: 'string', example: 'fr-FR, fr;q=0.9, en;q=0.5' },
};

/** The Idempotency-Key request header of every write (components.parameters). */
const IDEMPOTENCY_KEY_PARAMETER: JsonObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'A key of your choosing (a UUID) that makes this write happen once: repeating the request with the same key ' +
    `within ${IDEMPOTENCY_WINDOW_SECONDS / 3600} hours answers with the first answer (and \`${IDEMPOTENT_REPLAYED_HEADER}: ` +
    'true`) instead of a second effect; 409 while the first is still running; 422 when the key came with a ' +
    'different request. Keys are per route and per caller. A 429 or 5xx answer frees the key.',
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
    pattern: '^[\\x21-\\x7e]+$',
  },
};

const IDEMPOTENT_REPLAYED: JsonObject = {
  description:
    'Present (`true`) when the answer repeats the stored answer of an earlier request with the same key',
  schema: { type: 'string', enum: ['true'] },
};

const AUTH_NOTES: Record<RouteAuth, string | undefined> = {
  public: undefined,
  user: 'Signed in with a Cognito ID token.',
  member:
    'Signed in with a Cognito ID token, with an active business account (else 403 business-account-required); ' +
    "scoped to the caller's organization.",
  operator: `Signed in with a Cognito ID token of a member of the Cognito group \`${OPERATORS_GROUP}\` (else 403 operators-only).`,
};

const TAGS: Record<string, string> = {
  signup: 'Sign-up and one-time codes (no token)',
  me: "The caller's own account and onboarding",
  account:
    "The caller's credentials and data: forgotten and changed passwords, sessions, export, deletion, email change",
  portal: "The portal: the caller's organization's sites, products, groups, visibility and members",
  operator: 'Support operators: organization reviews and imports',
};

/**
 * A schema as JSON Schema draft 2020-12 (OpenAPI 3.1's dialect), without `$schema`: the input side for what a
 * client sends (defaults shown, coercions seen from the client's side), the output side for what it receives.
 */
function jsonSchemaOf(schema: Schema, io: 'input' | 'output' = 'input'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

function parametersOf(route: RouteDefinition, where: 'query' | 'path'): JsonObject[] {
  const schema = where === 'query' ? route.query : route.pathParameters;
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  if (json.type !== 'object' || typeof json.properties !== 'object' || Array.isArray(json.properties)) {
    throw new Error(`route ${route.id}: the ${where} schema must be an object of parameters`);
  }
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries(json.properties as JsonObject).map(([name, property]) => {
    const { description, ...propertySchema } = property as JsonObject;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** OpenAPI's `examples` map of a media type: each example under a name made of its position. */
function examplesOf(examples: readonly Example<unknown>[] | undefined): JsonObject {
  if (!examples || examples.length === 0) return {};
  return {
    examples: Object.fromEntries(
      examples.map((example, index) => [
        `example${index + 1}`,
        { summary: example.summary, value: example.value as Json },
      ]),
    ),
  };
}

function requestBodyOf(
  route: RouteDefinition,
  examples: OperationExamples | undefined,
): JsonObject | undefined {
  if (route.body) {
    return {
      required: true,
      description: `JSON, at most ${MAX_BODY_BYTES} bytes; unknown fields are refused.`,
      content: {
        'application/json': { schema: jsonSchemaOf(route.body), ...examplesOf(examples?.request) },
      },
    };
  }
  if (route.requestMediaTypes) {
    return {
      required: true,
      content: Object.fromEntries(
        Object.entries(route.requestMediaTypes).map(([mediaType, schema]) => [
          mediaType,
          { schema: jsonSchemaOf(schema), ...examplesOf(examples?.requestMediaTypes?.[mediaType]) },
        ]),
      ),
    };
  }
  return undefined;
}

/**
 * The problem types a route can answer: those its shape implies (as problemStatusesOf) and those the catalogue
 * (problem-types.ts) names it for.
 */
export function problemTypesOf(route: RouteDefinition): ProblemTypeSlug[] {
  const statuses = new Set<number>(problemStatusesOf(route));
  const hasBody = route.body !== undefined || route.requestMediaTypes !== undefined;
  const implied: ProblemTypeSlug[] = [
    ...(statuses.has(400) ? (['validation-error'] as const) : []),
    ...(hasBody ? (['malformed-request'] as const) : []),
    ...(route.auth === 'public' ? [] : (['unauthorized'] as const)),
    ...(route.auth === 'member' ? (['business-account-required', 'organization-deactivated'] as const) : []),
    ...(route.auth === 'operator' ? (['operators-only'] as const) : []),
    ...(statuses.has(404) ? (['not-found'] as const) : []),
    ...(takesIdempotencyKey(route)
      ? (['idempotency-request-in-progress', 'idempotency-key-reused'] as const)
      : []),
    ...(hasBody ? (['payload-too-large', 'unsupported-media-type'] as const) : []),
    'too-many-requests',
    'internal-error',
    'service-unavailable',
  ];
  const named = (Object.keys(PROBLEM_TYPES) as ProblemTypeSlug[]).filter((slug) => {
    const routes: readonly string[] | undefined = (PROBLEM_TYPES[slug] as { routes?: readonly string[] })
      .routes;
    return routes?.includes(route.id) ?? false;
  });
  const all = new Set<ProblemTypeSlug>([...implied, ...named]);
  return [...all].sort(
    (a, b) => PROBLEM_TYPES[a].status - PROBLEM_TYPES[b].status || (a < b ? -1 : a > b ? 1 : 0),
  );
}

function problemTypesNote(route: RouteDefinition): string {
  const lines = problemTypesOf(route).map(
    (slug) =>
      `- \`${PROBLEM_TYPES[slug].status}\` [\`/problems/${slug}\`](${PROBLEM_TYPES_DOCUMENT}#${slug})`,
  );
  return `Problem types it may answer:\n\n${lines.join('\n')}`;
}

/** The problem statuses a route can answer: those its shape implies, and those its use case names. */
export function problemStatusesOf(route: RouteDefinition): ProblemStatus[] {
  const hasBody = route.body !== undefined || route.requestMediaTypes !== undefined;
  const statuses = new Set<ProblemStatus>(route.problems ?? []);
  if (hasBody || route.query || route.pathParameters) statuses.add(400);
  if (route.auth !== 'public') statuses.add(401);
  if (route.auth === 'member' || route.auth === 'operator') statuses.add(403);
  if (route.pathParameters) statuses.add(404);
  if (takesIdempotencyKey(route)) {
    statuses.add(400);
    statuses.add(409);
    statuses.add(422);
  }
  if (hasBody) {
    statuses.add(413);
    statuses.add(415);
  }
  // Stage throttling, a bug, and an AWS service that is down can meet any route.
  for (const status of [429, 500, 503] as const) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

function responseSchemaOf(answers: AnyResponseSchemas, route: RouteDefinition, status: string): JsonObject {
  const schema = (answers as Readonly<Record<string, Schema | undefined>>)[status];
  if (!schema) throw new Error(`route ${route.id}: no schema for its ${status} answer (responses)`);
  return jsonSchemaOf(schema, 'output');
}

function responsesOf(
  route: RouteDefinition,
  answers: AnyResponseSchemas,
  examples: OperationExamples | undefined,
): JsonObject {
  const responses: JsonObject = {};
  for (const [status, description] of Object.entries(route.success)) {
    if (description === undefined) continue;
    responses[status] = {
      description,
      ...(takesIdempotencyKey(route)
        ? { headers: { [IDEMPOTENT_REPLAYED_HEADER]: IDEMPOTENT_REPLAYED } }
        : {}),
      ...(status === '204'
        ? {}
        : {
            content: {
              'application/json': {
                schema: responseSchemaOf(answers, route, status),
                ...examplesOf(examples?.responses[status]),
              },
              ...Object.fromEntries(
                Object.entries(route.responseFiles ?? {}).map(([mediaType, description]) => [
                  mediaType,
                  { schema: { type: 'string', description } },
                ]),
              ),
            },
          }),
    };
  }
  for (const status of problemStatusesOf(route)) {
    responses[String(status)] = { $ref: `#/components/responses/${PROBLEMS[status].name}` };
  }
  return responses;
}

function tagOf(route: RouteDefinition): string {
  return /^functions\/([^/]+)\//.exec(route.handler)?.[1] ?? 'other';
}

function operationOf(
  route: RouteDefinition,
  answers: AnyResponseSchemas,
  examples: OperationExamples | undefined,
): JsonObject {
  const parameters = [
    ...parametersOf(route, 'path'),
    ...parametersOf(route, 'query'),
    ...(takesIdempotencyKey(route) ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    { $ref: '#/components/parameters/AcceptLanguage' },
  ];
  const requestBody = requestBodyOf(route, examples);
  const auth = AUTH_NOTES[route.auth];
  return {
    operationId: route.id,
    summary: route.summary,
    description: [...(auth ? [auth] : []), problemTypesNote(route)].join('\n\n'),
    tags: [tagOf(route)],
    security:
      route.auth === 'public'
        ? []
        : // OpenAPI 3.1 lets a non-OAuth scheme list the roles it needs: here, the Cognito group.
          [{ [SECURITY_SCHEME]: route.auth === 'operator' ? [OPERATORS_GROUP] : [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(route, answers, examples),
    'x-portico-auth': route.auth,
    'x-problem-types': problemTypesOf(route).map((slug) => `/problems/${slug}`),
  };
}

function problemResponse(status: ProblemStatus): JsonObject {
  return {
    description: PROBLEMS[status].description,
    ...(status === 409 || status === 429 || status === 503
      ? { headers: { 'Retry-After': RETRY_AFTER } }
      : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

const PROBLEM_SCHEMA: JsonObject = {
  type: 'object',
  description: 'RFC 9457 problem details; extension members sit beside the standard ones.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      description:
        `\`/problems/<slug>\`, e.g. \`/problems/validation-error\`: each is explained in ${PROBLEM_TYPES_DOCUMENT}, ` +
        'and each operation lists those it may answer',
      examples: ['/problems/validation-error', '/problems/concurrent-update'],
    },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'Safe to show to the person' },
    instance: { type: 'string', description: 'The request path' },
    requestId: { type: 'string', description: 'Quote it when contacting support' },
    errors: {
      type: 'array',
      description: 'One entry per field at fault (400 validation-error)',
      items: { $ref: '#/components/schemas/FieldProblem' },
    },
    retryAfterSeconds: { type: 'integer', minimum: 0, description: 'With 429 and 503' },
  },
  additionalProperties: true,
};

const FIELD_PROBLEM_SCHEMA: JsonObject = {
  type: 'object',
  required: ['pointer', 'detail'],
  properties: {
    pointer: {
      type: 'string',
      description:
        'JSON Pointer (RFC 6901) into the body (`/address/city`, `` for the body as a whole), or into the ' +
        'query (`query:/limit`), the path (`path:/groupId`), a header (`header:/Idempotency-Key`) or a CSV ' +
        'header (`csv:/header/siteId`)',
    },
    detail: { type: 'string' },
  },
  additionalProperties: false,
};

/** The OpenAPI 3.1 document of `routes`. */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const examples =
    options.examples ?? (API_EXAMPLES as unknown as Readonly<Record<string, OperationExamples | undefined>>);
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    const method = route.method.toLowerCase();
    if (operations[method]) throw new Error(`two routes for ${route.method} ${route.path}`);
    operations[method] = operationOf(
      route,
      (options.answerSchemasOf ?? answerSchemasOf)(route),
      examples[route.id],
    );
  }
  const usedTags = new Set(routes.map(tagOf));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Portico API',
      version: packageJson.version,
      description:
        'Onboarding of people from customer companies into the enterprise support portal, and the portal ' +
        'itself. Generated from the route table (functions/routes.ts); every error is RFC 9457 problem+json.',
    },
    servers: (options.servers ?? DOCUMENTED_SERVERS).map((server) => ({
      url: server.url,
      ...(server.description ? { description: server.description } : {}),
      ...(server.variables
        ? {
            variables: Object.fromEntries(
              Object.entries(server.variables).map(([name, variable]) => [name, { ...variable }]),
            ),
          }
        : {}),
    })),
    tags: Object.entries(TAGS)
      .filter(([name]) => usedTags.has(name))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token (not the access token) of the Portico user pool, from InitiateAuth. Operator ' +
            `routes also need the token's \`cognito:groups\` to hold \`${OPERATORS_GROUP}\`.`,
        },
      },
      schemas: { Problem: PROBLEM_SCHEMA, FieldProblem: FIELD_PROBLEM_SCHEMA },
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER, AcceptLanguage: ACCEPT_LANGUAGE_PARAMETER },
      responses: Object.fromEntries(
        (Object.keys(PROBLEMS).map(Number) as ProblemStatus[]).map((status) => [
          PROBLEMS[status].name,
          problemResponse(status),
        ]),
      ),
    },
  };
}
