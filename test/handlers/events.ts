import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { expect } from 'vitest';
import type { RouteDefinition } from '../../functions/routes';

/** API Gateway REST proxy events and Lambda contexts, as the deployed API would hand them to a handler. */

export interface Claims {
  readonly sub: string;
  readonly email: string;
  readonly [claim: string]: string;
}

export const ADA_CLAIMS: Claims = {
  sub: 'a1b2c3d4-0000-4000-8000-00000000ada1',
  email: 'ada@acme.example',
  email_verified: 'true',
  token_use: 'id',
  'cognito:username': 'ada@acme.example',
};

/** A support operator, in the Cognito group the operator routes require (as API Gateway REST passes it). */
export const OPERATOR_CLAIMS: Claims = {
  sub: 'b2c3d4e5-0000-4000-8000-0000000grace',
  email: 'grace@portico.example',
  email_verified: 'true',
  token_use: 'id',
  'cognito:username': 'grace@portico.example',
  'cognito:groups': 'operators',
};

export interface EventOptions {
  /** A JSON value (serialized) or the raw body text. */
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** The authorizer's claims; omitted for public routes or to act as if the authorizer set none. */
  readonly claims?: Claims;
  readonly isBase64Encoded?: boolean;
  /** Values of the route's `{name}` path parameters; the event's path has them filled in. */
  readonly pathParameters?: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
}

let requestCounter = 0;

export function apiEvent(
  route: Pick<RouteDefinition, 'method' | 'path'>,
  options: EventOptions = {},
): APIGatewayProxyEvent {
  requestCounter += 1;
  const requestId = `req-${String(requestCounter).padStart(6, '0')}`;
  const body = options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body));
  const defaults: Record<string, string> = {
    Host: 'api.portico.example',
    'User-Agent': 'vitest',
    ...(body === null ? {} : { 'Content-Type': 'application/json' }),
  };
  // Header names are case-insensitive: an override replaces the default whatever its spelling.
  const overridden = new Set(Object.keys(options.headers ?? {}).map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(defaults).filter(([name]) => !overridden.has(name.toLowerCase()))),
    ...options.headers,
  };
  const path = route.path.replace(/\{(\w+)\}/g, (placeholder: string, name: string) => {
    const value = options.pathParameters?.[name];
    return value === undefined ? placeholder : encodeURIComponent(value);
  });
  const query = options.queryStringParameters;
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query ? { ...query } : null,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters: options.pathParameters ? { ...options.pathParameters } : null,
    stageVariables: null,
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'porticoapi',
      authorizer: options.claims ? { claims: { ...options.claims } } : null,
      protocol: 'HTTP/1.1',
      httpMethod: route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.10',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: `/api${path}`,
      stage: 'api',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'abc123',
      resourcePath: route.path,
    },
  };
}

export function lambdaContext(functionName = 'portico-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/03/03/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function jsonBody(result: APIGatewayProxyResult): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}

export function headerOf(result: APIGatewayProxyResult, name: string): string | undefined {
  const value = result.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** Asserts the response is an RFC 9457 problem with `status` and answers the document. */
export function problemOf(result: APIGatewayProxyResult, status: number): Record<string, unknown> {
  expect(result.statusCode).toBe(status);
  expect(headerOf(result, 'Content-Type')).toBe('application/problem+json');
  const problem = jsonBody(result);
  expect(problem).toMatchObject({
    status,
    type: expect.stringMatching(/^\/problems\//),
    title: expect.any(String),
  });
  expect(problem).not.toHaveProperty('stack');
  return problem;
}
