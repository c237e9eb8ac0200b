import './environment';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../functions/core/domain/support-digest';
import { TEST_ENVIRONMENT } from './environment';
import { MAX_BODY_BYTES } from '../../functions/http/request';
import type { RouteHandler } from '../../functions/http/api-handler';
import { routes, type RouteDefinition, type RouteId } from '../../functions/routes';
import { cognito, dynamo, resetAws, s3, ses, sfn, throttlingError } from './aws';
import {
  ADA_CLAIMS,
  OPERATOR_CLAIMS,
  apiEvent,
  headerOf,
  jsonBody,
  lambdaContext,
  problemOf,
  type EventOptions,
} from './events';
import { ORGANIZATION_DETAILS, REGISTRATION, REQUEST_ID } from './fixtures';

/**
 * The edge contract every handler keeps, checked for every route of the route table with the real handler
 * module: body parsing (400/413/415), the caller from the authorizer (401), and errors as problem+json
 * (503 for an AWS service that is down or throttling, 500 without detail for anything unexpected).
 */

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const VALID_BODIES: Record<RouteId, unknown> = {
  signUp: {
    email: 'ada@acme.example',
    password: 'Correct-Horse-42',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
  },
  verifyEmail: { email: 'ada@acme.example', code: '123456' },
  resendCode: { email: 'ada@acme.example' },
  forgotPassword: { email: 'ada@acme.example' },
  resetPassword: { email: 'ada@acme.example', code: '123456', password: 'Correct-Horse-43' },
  getAccount: undefined,
  changePassword: { currentPassword: 'Correct-Horse-42', newPassword: 'Correct-Horse-43' },
  signOutEverywhere: undefined,
  requestEmailChange: { newEmail: 'ada@northwind.example', currentPassword: 'Correct-Horse-42' },
  confirmEmailChange: { newEmail: 'ada@northwind.example', code: '123456' },
  deleteAccount: { currentPassword: 'Correct-Horse-42' },
  exportData: undefined,
  chooseAccessType: { accessType: 'CUSTOMER_EMPLOYEE' },
  chooseLocale: { locale: 'fr' },
  chooseOrganization: { organizationId: 'org-acme' },
  registerBusiness: REGISTRATION,
  submitOrganizationRequest: ORGANIZATION_DETAILS,
  listOrganizationRequests: undefined,
  listSuppressedAddresses: undefined,
  getOrganizationRequest: undefined,
  decideOrganizationRequest: { outcome: 'APPROVE' },
  listOrganizations: undefined,
  createOrganization: {
    name: 'ACME Robotics GmbH',
    country: 'DE',
    address: { line1: 'Kurfürstendamm 21', city: 'Berlin', postalCode: '10719' },
    kind: 'CUSTOMER',
  },
  getOrganization: undefined,
  updateOrganization: { revision: 0, addDomains: ['acme-robotics.example'] },
  getPortalSummary: undefined,
  listSites: undefined,
  listProducts: undefined,
  getProduct: undefined,
  exportProducts: undefined,
  startExport: { format: 'csv' },
  getExport: undefined,
  listGroups: undefined,
  createGroup: { name: 'Lab servers', definition: { kind: 'FAMILIES', families: ['PowerEdge'] } },
  getGroup: undefined,
  updateGroup: { name: 'Lab servers (Munich)' },
  deleteGroup: undefined,
  getVisibility: undefined,
  setVisibility: { sites: 'ALL', families: ['PowerEdge'] },
  listMembers: undefined,
  changeMemberRole: { role: 'ADMINISTRATOR' },
  removeMember: undefined,
  leaveOrganization: { organizationId: 'org-acme' },
  chooseSupportDigest: { enabled: true },
  // A token signed with the functions' secret, so the call goes on to the table.
  unsubscribeDigest: {
    token: unsubscribeToken(TEST_ENVIRONMENT.CODE_SECRET, { organizationId: 'org-acme', userId: 'user-ada' }),
  },
  getMembershipPolicy: undefined,
  setMembershipPolicy: { policy: 'APPROVAL' },
  listJoinRequests: undefined,
  approveJoinRequest: undefined,
  createInvitations: { invitations: [{ email: 'new.colleague@acme.example', role: 'MEMBER' }] },
  listInvitations: undefined,
  resendInvitation: undefined,
  revokeInvitation: undefined,
  acceptInvitation: { token: 'A'.repeat(43) },
  declineJoinRequest: { reason: 'Not one of ours' },
  listAuditLog: undefined,
  listOrganizationAuditLog: undefined,
  // The import route reads JSON or CSV itself (test/handlers/operator/import-portal-data.handler.test.ts).
  importPortalData: undefined,
  reconcileIdentities: undefined,
};

/** A valid value for each `{name}` path parameter a route may have. */
const PATH_PARAMETERS: Record<string, string> = {
  requestId: REQUEST_ID,
  serviceTag: 'SVC-0001',
  groupId: 'grp-0123456789',
  userId: 'b1f4c1d2-0000-4000-8000-000000000002',
  organizationId: 'org-acme',
  kind: 'products',
  exportId: '3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40',
  invitationId: 'AAAAAAAAAAAAAAAAAAAAAA',
};

interface RouteCase {
  readonly id: RouteId;
  readonly route: RouteDefinition;
  readonly handler: RouteHandler;
}

const ALL: RouteCase[] = await Promise.all(
  (Object.entries(routes) as [RouteId, RouteDefinition][]).map(async ([id, route]) => {
    const module = (await import(join(projectRoot, route.handler))) as { handler: RouteHandler };
    return { id, route, handler: module.handler };
  }),
);
const WITH_BODY = ALL.filter((routeCase) => routeCase.route.body !== undefined);
const WITH_QUERY = ALL.filter((routeCase) => routeCase.route.query !== undefined);
const WITH_PATH = ALL.filter((routeCase) => routeCase.route.pathParameters !== undefined);
const SIGNED_IN = ALL.filter((routeCase) => routeCase.route.auth !== 'public');

function pathParametersOf(route: RouteDefinition): Record<string, string> | undefined {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  if (names.length === 0) return undefined;
  return Object.fromEntries(
    names.map((name) => {
      const value = PATH_PARAMETERS[name];
      if (value === undefined) throw new Error(`no test value for the path parameter {${name}}`);
      return [name, value];
    }),
  );
}

function claimsOf(route: RouteDefinition): EventOptions['claims'] {
  if (route.auth === 'public') return undefined;
  return route.auth === 'operator' ? OPERATOR_CLAIMS : ADA_CLAIMS;
}

/** A request that would succeed but for what `options` changes. */
function eventFor(routeCase: RouteCase, options: EventOptions = {}): APIGatewayProxyEvent {
  const body = VALID_BODIES[routeCase.id];
  const pathParameters = pathParametersOf(routeCase.route);
  const claims = claimsOf(routeCase.route);
  return apiEvent(routeCase.route, {
    ...(body === undefined ? {} : { body }),
    ...(claims === undefined ? {} : { claims }),
    ...(pathParameters === undefined ? {} : { pathParameters }),
    ...options,
  });
}

function invoke(routeCase: RouteCase, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return routeCase.handler(event, lambdaContext(`portico-${routeCase.id}`));
}

function call(routeCase: RouteCase, options: EventOptions = {}): Promise<APIGatewayProxyResult> {
  return invoke(routeCase, eventFor(routeCase, options));
}

function noAwsCalls(): void {
  expect(dynamo.calls()).toEqual([]);
  expect(cognito.calls()).toEqual([]);
  expect(ses.calls()).toEqual([]);
  expect(sfn.calls()).toEqual([]);
  expect(s3.calls()).toEqual([]);
}

beforeEach(() => {
  resetAws();
});

it('serves each route of the list with a handler built from that very route definition', () => {
  // The CDK API, the local server and OpenAPI read the list; each handler imports its own route module.
  for (const routeCase of ALL) {
    expect(routeCase.route.handler).toMatch(/\.handler\.ts$/);
    expect(routeCase.handler.route, `${routeCase.route.handler} serves another route`).toBe(routeCase.route);
  }
});

it('covers every route of the route table', () => {
  expect(ALL.map((routeCase) => routeCase.id).sort()).toEqual(Object.keys(VALID_BODIES).sort());
  expect(WITH_BODY.length).toBeGreaterThan(0);
  expect(WITH_QUERY.length).toBeGreaterThan(0);
  expect(WITH_PATH.length).toBeGreaterThan(0);
  expect(SIGNED_IN.length).toBeGreaterThan(0);
});

describe.each(
  WITH_BODY.map((routeCase) => [`${routeCase.route.method} ${routeCase.route.path}`, routeCase] as const),
)('%s body parsing', (_name, routeCase) => {
  it('answers 400 malformed-request for a body that is not JSON', async () => {
    const response = await call(routeCase, { rawBody: '{"email": "ada@acme.example",' });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/malformed-request',
      detail: 'The body is not valid JSON.',
    });
    noAwsCalls();
  });

  it('answers 415 for a body sent as another media type', async () => {
    const response = await call(routeCase, { headers: { 'Content-Type': 'text/plain' } });

    expect(problemOf(response, 415).type).toBe('/problems/unsupported-media-type');
    noAwsCalls();
  });

  it('answers 415 when the Content-Type header is missing', async () => {
    const event = eventFor(routeCase);
    const { 'Content-Type': _dropped, ...headers } = event.headers as Record<string, string>;

    const response = await invoke(routeCase, { ...event, headers });

    expect(problemOf(response, 415).type).toBe('/problems/unsupported-media-type');
  });

  it('accepts the JSON media type with a charset and in any letter case', async () => {
    dynamo.onAnyCommand().rejects(throttlingError());

    const response = await call(routeCase, {
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });

    expect(response.statusCode).not.toBe(415);
  });

  it(`answers 413 for a body over ${MAX_BODY_BYTES} bytes`, async () => {
    const oversize = JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) });

    const response = await call(routeCase, { rawBody: oversize });

    expect(problemOf(response, 413).type).toBe('/problems/payload-too-large');
    noAwsCalls();
  });

  it('counts the size of a base64-encoded body after decoding', async () => {
    const oversize = JSON.stringify({ padding: 'é'.repeat(MAX_BODY_BYTES / 2 + 1) });

    const response = await call(routeCase, {
      rawBody: Buffer.from(oversize, 'utf8').toString('base64'),
      isBase64Encoded: true,
    });

    expect(problemOf(response, 413).type).toBe('/problems/payload-too-large');
  });

  it('answers 400 with a pointer to each unknown field', async () => {
    const body = { ...(VALID_BODIES[routeCase.id] as object), isAdmin: true };

    const response = await call(routeCase, { body });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: '/isAdmin', detail: 'is not a known field' }],
    });
    noAwsCalls();
  });

  it('answers 400 when the body is missing', async () => {
    const response = await invoke(routeCase, { ...eventFor(routeCase), body: null });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: '', detail: 'is required' }],
    });
  });

  it('answers 400 when the JSON is not an object', async () => {
    const response = await call(routeCase, { rawBody: '["ada@acme.example"]' });

    expect(problemOf(response, 400).type).toBe('/problems/validation-error');
  });
});

describe.each(
  WITH_QUERY.map((routeCase) => [`${routeCase.route.method} ${routeCase.route.path}`, routeCase] as const),
)('%s query string', (_name, routeCase) => {
  it('answers 400 with a query:/ pointer to an unknown parameter, calling nothing', async () => {
    const response = await call(routeCase, { queryStringParameters: { isAdmin: 'true' } });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: 'query:/isAdmin', detail: 'is not a known field' }],
    });
    noAwsCalls();
  });
});

describe.each(
  WITH_PATH.map((routeCase) => [`${routeCase.route.method} ${routeCase.route.path}`, routeCase] as const),
)('%s path parameters', (_name, routeCase) => {
  it('answers 400 with a path:/ pointer to each malformed parameter, calling nothing', async () => {
    const names = Object.keys(pathParametersOf(routeCase.route) ?? {});

    const response = await call(routeCase, {
      pathParameters: Object.fromEntries(names.map((name) => [name, 'not valid!'])),
    });

    const problem = problemOf(response, 400);
    expect(problem.type).toBe('/problems/validation-error');
    expect((problem.errors as { pointer: string }[]).map((error) => error.pointer).sort()).toEqual(
      names.map((name) => `path:/${name}`).sort(),
    );
    noAwsCalls();
  });
});

describe.each(
  SIGNED_IN.map((routeCase) => [`${routeCase.route.method} ${routeCase.route.path}`, routeCase] as const),
)('%s sign-in', (_name, routeCase) => {
  it('answers 401 problem+json when the authorizer passed no claims', async () => {
    const event = eventFor(routeCase);

    const response = await invoke(routeCase, {
      ...event,
      requestContext: { ...event.requestContext, authorizer: null },
    });

    expect(problemOf(response, 401).type).toBe('/problems/unauthorized');
    noAwsCalls();
  });

  it('answers 401 when the claims lack the email', async () => {
    const { email: _email, ...claims } = claimsOf(routeCase.route) ?? ADA_CLAIMS;
    const event = eventFor(routeCase);

    const response = await invoke(routeCase, {
      ...event,
      requestContext: { ...event.requestContext, authorizer: { claims } },
    });

    expect(problemOf(response, 401).type).toBe('/problems/unauthorized');
  });

  it('answers 401 for the claims of an access token instead of an ID token', async () => {
    const response = await call(routeCase, {
      claims: { ...(claimsOf(routeCase.route) ?? ADA_CLAIMS), token_use: 'access' },
    });

    expect(problemOf(response, 401).type).toBe('/problems/unauthorized');
  });
});

describe.each(
  ALL.map((routeCase) => [`${routeCase.route.method} ${routeCase.route.path}`, routeCase] as const),
)('%s errors', (_name, routeCase) => {
  it('answers 503 problem+json with Retry-After, not 500, when DynamoDB is throttling', async () => {
    const throttled = throttlingError();
    expect(throttled).toMatchObject({ name: 'ProvisionedThroughputExceededException', $fault: 'client' });
    dynamo.onAnyCommand().rejects(throttled);
    // A route that calls only Cognito (sign-out everywhere) meets the same fault there.
    cognito.onAnyCommand().rejects(throttled);

    const response = await call(routeCase);

    expect(problemOf(response, 503)).toMatchObject({
      type: '/problems/service-unavailable',
      retryAfterSeconds: 30,
    });
    expect(headerOf(response, 'Retry-After')).toBe('30');
  });

  it('answers 500 problem+json that leaks neither message nor stack for an unexpected error', async () => {
    const bug = new TypeError(
      "Cannot read properties of undefined (reading 'S') at /var/task/index.mjs:1:2345",
    );
    dynamo.onAnyCommand().rejects(bug);
    cognito.onAnyCommand().rejects(bug);
    const event = eventFor(routeCase);

    const response = await invoke(routeCase, event);

    const problem = problemOf(response, 500);
    expect(problem).toEqual({
      type: '/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the requestId if you contact support.',
      instance: event.path,
      requestId: event.requestContext.requestId,
    });
    expect(response.body).not.toContain('Cannot read');
    expect(response.body).not.toContain('/var/task');
    expect(response.body).not.toContain('TypeError');
  });

  it('sends the security headers with an error', async () => {
    dynamo.onAnyCommand().rejects(new Error('boom'));
    cognito.onAnyCommand().rejects(new Error('boom'));

    const response = await call(routeCase);

    expect(response.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(jsonBody(response)).not.toHaveProperty('stack');
  });
});
