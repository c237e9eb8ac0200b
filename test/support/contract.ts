import * as z from 'zod/mini';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { AnyResponseSchemas, RouteDefinition, Schema } from '../../functions/http/route';
import { answerSchemasOf, routeList } from '../../functions/routes';

/**
 * The API contract, enforced in the tests: every answer a test receives (a handler's proxy result in the handler
 * tests, an HTTP answer in the integration tests) is parsed with the schema its route declares for that status
 * (`responses` in the route module). A view that drops, renames or adds a field, or answers a status its route
 * does not declare, fails the test that met it. Problem answers must be RFC 9457 problem+json. Hooked in once:
 * test/handlers/contract-setup.ts wraps apiHandler for the handler tests, and test/integration/local-stack.ts
 * checks every answer of its API client.
 */

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

const testRouteAnswers = new Map<RouteDefinition, AnyResponseSchemas>();

/** The answer schemas of a route a test makes up (not in the route list), for the checks below. */
export function declareTestRouteAnswers(route: RouteDefinition, schemas: AnyResponseSchemas): void {
  testRouteAnswers.set(route, schemas);
}

function answerSchemasOfAnyRoute(route: RouteDefinition): AnyResponseSchemas {
  return testRouteAnswers.get(route) ?? answerSchemasOf(route);
}

const problemSchema = z.looseObject({
  type: z.string().check(z.regex(/^\/problems\/[a-z0-9-]+$/)),
  title: z.string(),
  status: z.int().check(z.gte(400), z.lte(599)),
  detail: z.string(),
});

function issuesOf(schema: Schema, value: unknown): string[] {
  const result = z.safeParse(schema, value);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `  ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`,
  );
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

/** Throws a ContractViolation when an answer of `route` is not what the route declares. */
export function checkAnswer(
  route: RouteDefinition,
  answer: { readonly status: number; readonly contentType: string | undefined; readonly text: string },
): void {
  const where = `${route.method} ${route.path} (${route.id}) answered ${answer.status}`;
  const fail = (why: string): never => {
    throw new ContractViolation(`${where}: ${why}\n${answer.text.slice(0, 2000)}`);
  };
  const parse = (): unknown => {
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      return fail('the body is not JSON');
    }
  };
  if (answer.status >= 200 && answer.status < 300) {
    if (!(answer.status in route.success)) fail('a success status the route does not declare (success)');
    if (answer.status === 204) {
      if (answer.text !== '') fail('a 204 with a body');
      return;
    }
    const schema = (answerSchemasOfAnyRoute(route) as Readonly<Record<number, Schema | undefined>>)[
      answer.status
    ];
    if (!schema) return fail('no schema declared for this status (responses)');
    const mediaType = mediaTypeOf(answer.contentType);
    if (mediaType !== undefined && route.responseFiles?.[mediaType] !== undefined) return;
    if (mediaTypeOf(answer.contentType) !== 'application/json') fail(`Content-Type ${answer.contentType}`);
    const issues = issuesOf(schema, parse());
    if (issues.length > 0) fail(`the body is not what the route declares:\n${issues.join('\n')}`);
    return;
  }
  if (answer.status >= 400) {
    if (mediaTypeOf(answer.contentType) !== 'application/problem+json')
      fail(`Content-Type ${answer.contentType}`);
    const issues = issuesOf(problemSchema, parse());
    if (issues.length > 0) fail(`not an RFC 9457 problem:\n${issues.join('\n')}`);
  }
}

/** The handler tests: checks a route handler's proxy result. */
export function checkProxyResult(route: RouteDefinition, result: APIGatewayProxyResult): void {
  const contentType = Object.entries(result.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type',
  )?.[1];
  checkAnswer(route, {
    status: result.statusCode,
    contentType: contentType === undefined ? undefined : String(contentType),
    text: result.body,
  });
}

const templates = routeList.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The route that serves `method path` (a path of the API, query string allowed), if any. */
export function routeOf(method: string, path: string): RouteDefinition | undefined {
  const pathname = path.split('?')[0] ?? path;
  return templates.find(
    ({ route, pattern }) => route.method === method.toUpperCase() && pattern.test(pathname),
  )?.route;
}
