import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import {
  GATEWAY_PROBLEMS,
  PROBLEM_CONTENT_TYPE,
  type GatewayResponseType,
} from '../functions/http/gateway-responses';
import { buildOpenApiDocument } from '../functions/http/openapi';
import type { AnyResponseSchemas } from '../functions/http/route';
import type { RouteDefinition } from '../functions/routes';
import { serveApiReference } from './api-reference';
import type { TokenAuthorizer } from './authorizer';
import { lambdaContext } from './lambda-context';
import type { LocalWebClient } from './web-client';

/**
 * Serves the route table the way the deployed API Gateway REST API does: unknown paths, missing or bad tokens
 * and oversize requests get the gateway's problem+json answers; everything else becomes an API Gateway proxy
 * event for the very handler module the Lambda function runs. One addition the deployed API does not have:
 * `GET /openapi.json`, the OpenAPI document of the same route table (no token), naming this server, and
 * `GET /reference`, an interactive reference of it (local/api-reference.ts). With a
 * `webClient`, GETs off the API serve the web client, as CloudFront does in front of the deployed API.
 */

/** Where the local server answers the OpenAPI document. */
export const OPENAPI_PATH = '/openapi.json';

/** The API functions' timeout (lib/portico-function.ts default). */
const API_FUNCTION_TIMEOUT_SECONDS = 10;
/** API Gateway's own payload limit. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
const STAGE = 'api';

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly routes: readonly RouteDefinition[];
  readonly projectRoot: string;
  readonly authorizer: TokenAuthorizer;
  /** The answer schemas of routes outside the route list (tests), for /openapi.json. */
  readonly answerSchemasOf?: (route: RouteDefinition) => AnyResponseSchemas;
  /** The web client served on the same origin for GETs off the API (local/web-client.ts); none by default. */
  readonly webClient?: Pick<LocalWebClient, 'handle'>;
  /** Called for every request, for logs. */
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
}

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

/** Path parameters, decoded; undefined when one is not valid percent-encoding (a 400, like the gateway). */
function decodedParameters(
  names: readonly string[],
  groups: RegExpExecArray,
): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(groups[i + 1] ?? '')]));
  } catch {
    return undefined;
  }
}

function gatewayProblem(response: ServerResponse, type: GatewayResponseType): void {
  const problem = GATEWAY_PROBLEMS[type];
  response.writeHead(problem.status, { 'Content-Type': PROBLEM_CONTENT_TYPE });
  response.end(JSON.stringify(problem));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startApiServer(options: ApiServerOptions): Promise<{ server: Server; url: string }> {
  const compiled = options.routes.map(compile);
  // Built on first request, once the server knows its own URL.
  let baseUrl = '';
  let openApiText: string | undefined;
  const openApi = () =>
    (openApiText ??= JSON.stringify(
      buildOpenApiDocument(options.routes, {
        servers: [{ url: baseUrl, description: 'This local stack' }],
        ...(options.answerSchemasOf ? { answerSchemasOf: options.answerSchemasOf } : {}),
      }),
    ));
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (route: RouteDefinition) => {
    let handler = handlers.get(route.id);
    if (!handler) {
      handler = import(pathToFileURL(join(options.projectRoot, route.handler)).href).then(
        (module: { handler: LambdaHandler }) => module.handler,
      );
      handlers.set(route.id, handler);
    }
    return handler;
  };

  const server = createServer((request, response) => {
    const started = Date.now();
    response.on('finish', () =>
      options.onRequest?.({
        method: request.method ?? '',
        path: request.url ?? '',
        status: response.statusCode,
        ms: Date.now() - started,
      }),
    );
    serve(request, response).catch(() => {
      if (!response.headersSent) gatewayProblem(response, 'DEFAULT_5XX');
      else response.end();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === OPENAPI_PATH && method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
      response.end(openApi());
      return;
    }
    if (await serveApiReference(request, response, url, OPENAPI_PATH)) return;
    if (options.webClient && (await options.webClient.handle(request, response, url))) return;
    const match = compiled
      .map((candidate) => ({ candidate, groups: candidate.pattern.exec(url.pathname) }))
      .find(({ candidate, groups }) => groups && candidate.route.method === method);
    if (!match?.groups) {
      gatewayProblem(response, 'MISSING_AUTHENTICATION_TOKEN');
      return;
    }
    const body = await readBody(request);
    if (body === 'too-large') {
      gatewayProblem(response, 'REQUEST_TOO_LARGE');
      return;
    }
    const { route, parameterNames } = match.candidate;
    const requestId = randomUUID();
    let claims: Record<string, string> | undefined;
    if (route.auth !== 'public') {
      claims = await options.authorizer.authorize(request.headers.authorization);
      if (!claims) {
        gatewayProblem(response, 'UNAUTHORIZED');
        return;
      }
    }

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      headers[name] = values.join(',');
      multiValueHeaders[name] = values;
    }
    const query = [...url.searchParams.keys()];
    const pathParameters = decodedParameters(parameterNames, match.groups);
    if (!pathParameters) {
      gatewayProblem(response, 'DEFAULT_4XX');
      return;
    }
    const event: APIGatewayProxyEvent = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: query.length ? Object.fromEntries(url.searchParams.entries()) : null,
      multiValueQueryStringParameters: query.length
        ? Object.fromEntries(query.map((key) => [key, url.searchParams.getAll(key)]))
        : null,
      pathParameters: parameterNames.length ? pathParameters : null,
      stageVariables: null,
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: {
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: request.headers['user-agent'] ?? null,
        } as APIGatewayProxyEvent['requestContext']['identity'],
        path: `/${STAGE}${url.pathname}`,
        stage: STAGE,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.id,
        resourcePath: route.path,
      },
    };

    const handler = await handlerFor(route);
    const result = await handler(
      event,
      lambdaContext({
        name: route.id,
        timeoutSeconds: route.function?.timeoutSeconds ?? API_FUNCTION_TIMEOUT_SECONDS,
        requestId,
      }),
    );
    const responseHeaders: Record<string, string | number | boolean> = { ...result.headers };
    response.writeHead(result.statusCode, responseHeaders as Record<string, string>);
    response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return { server, url: baseUrl };
}
