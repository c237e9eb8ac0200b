import type { z } from 'zod';
import {
  chooseAccessTypeBody,
  chooseOrganizationBody,
  registerBusinessBody,
  submitOrganizationRequestBody,
} from './me/me.schema';
import {
  decideOrganizationRequestBody,
  importPath,
  importRequestMediaTypes,
  listOrganizationRequestsQuery,
  requestPath,
} from './operator/operator.schema';
import {
  createGroupBody,
  groupPath,
  listMembersQuery,
  listProductsQuery,
  listSitesQuery,
  memberPath,
  memberRoleBody,
  productPath,
  summaryQuery,
  updateGroupBody,
  visibilityBody,
} from './portal/portal.schema';
import { resendCodeBody, signUpBody, verifyEmailBody } from './signup/signup.schema';

/**
 * The one route table. The CDK API construct (lib/api.ts) makes one Lambda function and one API Gateway method
 * per entry; the local server (local/api-server.ts) serves the same entries with the same handler modules; the
 * OpenAPI document (functions/http/openapi.ts) describes them. Every request schema is declared here.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * - `public`: no token (sign-up and code routes).
 * - `user`: a valid Cognito ID token; the handler gets the caller's `sub` and email from the authorizer.
 * - `member`: as `user`, and the account must be an active business account (else 403).
 * - `operator`: as `user`, and the caller must be in the Cognito group `OPERATORS_GROUP` (else 403).
 */
export type RouteAuth = 'public' | 'user' | 'member' | 'operator';

/** The Cognito group of support operators, who review new organizations. */
export const OPERATORS_GROUP = 'operators';

/** What a route's function may touch; the CDK construct turns each into a least-privilege grant. */
export type RouteGrant =
  'table:read' | 'table:write' | 'identity:admin' | 'mail:send' | 'code-secret:read' | 'workflow:start';

/** The 2xx statuses a handler may answer with. */
export type SuccessStatus = 200 | 201 | 202 | 204;

/**
 * Problem statuses a route's use case answers on purpose beyond those its shape already implies (OpenAPI):
 * 400 for any input, 413/415 for a body, 401 when signed in, 403 for `member`/`operator`, 404 for a path with
 * parameters, and 429, 500, 503 everywhere.
 */
export type RouteProblemStatus = 403 | 404 | 409 | 422 | 429;

/**
 * A route function that needs more than the defaults (512 MB, 10 s). lib/api.ts applies both; the local server
 * gives the handler the same timeout (its Lambda context counts down from it), not the memory.
 */
export interface RouteFunctionSettings {
  /** Memory in MB; CPU scales with it (1,769 MB is one vCPU). @default 512 */
  readonly memorySize?: number;
  /**
   * Longest run of one invocation, in whole seconds: at most 29, API Gateway's integration timeout (a longer
   * run would answer nobody; lib/api.ts refuses it). @default 10
   */
  readonly timeoutSeconds?: number;
}

export interface RouteDefinition<
  TBody extends z.ZodType | undefined = z.ZodType | undefined,
  TAuth extends RouteAuth = RouteAuth,
  TQuery extends z.ZodType | undefined = z.ZodType | undefined,
  TPath extends z.ZodType | undefined = z.ZodType | undefined,
  TSuccess extends SuccessStatus = SuccessStatus,
> {
  /** Stable identifier; also names the Lambda function and is the OpenAPI operationId. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway resource path, e.g. `/v1/me/registration`. */
  readonly path: string;
  readonly auth: TAuth;
  /** Module (relative to the repository root) that exports `handler`. */
  readonly handler: string;
  readonly summary: string;
  /** Schema of the JSON body, which apiHandler parses; undefined when there is none (or the handler reads it). */
  readonly body: TBody;
  /**
   * Schema of the query string, which apiHandler parses (400 with `query:/<name>` pointers). A route without one
   * ignores whatever query string it is sent.
   */
  readonly query?: TQuery;
  /** Schema of the `{name}` parameters of `path`, which apiHandler parses (400 with `path:/<name>` pointers). */
  readonly pathParameters?: TPath;
  /**
   * A body the handler reads itself (not JSON only): its schema per media type, for the OpenAPI document. The
   * handler is the one that enforces it.
   */
  readonly requestMediaTypes?: Readonly<Record<string, z.ZodType>>;
  /** The 2xx answers of the route and what each means; the handler may answer no other (apiHandler's type). */
  readonly success: { readonly [Status in TSuccess]?: string };
  /** Problem statuses the use case answers beyond those the route's shape implies (see RouteProblemStatus). */
  readonly problems?: readonly RouteProblemStatus[];
  readonly grants: readonly RouteGrant[];
  /** Memory and timeout of the route's function, when the defaults do not fit. */
  readonly function?: RouteFunctionSettings;
}

function route<
  TBody extends z.ZodType | undefined,
  TAuth extends RouteAuth,
  TSuccess extends SuccessStatus,
  TQuery extends z.ZodType | undefined = undefined,
  TPath extends z.ZodType | undefined = undefined,
>(
  definition: RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess>,
): RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess> {
  return definition;
}

export const routes = {
  signUp: route({
    id: 'signUp',
    method: 'POST',
    path: '/v1/signup',
    auth: 'public',
    handler: 'functions/signup/sign-up.handler.ts',
    summary: 'Create an account and email a one-time code',
    body: signUpBody,
    success: { 202: 'Accepted, the same answer for every address: a code is emailed when it can be' },
    problems: [429],
    grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  }),
  verifyEmail: route({
    id: 'verifyEmail',
    method: 'POST',
    path: '/v1/signup/verify',
    auth: 'public',
    handler: 'functions/signup/verify-email.handler.ts',
    summary: 'Validate the account with the emailed one-time code',
    body: verifyEmailBody,
    success: { 200: 'The account is verified; its view (state, next step)' },
    problems: [409],
    grants: ['table:write', 'identity:admin', 'code-secret:read'],
  }),
  resendCode: route({
    id: 'resendCode',
    method: 'POST',
    path: '/v1/signup/resend',
    auth: 'public',
    handler: 'functions/signup/resend-code.handler.ts',
    summary: 'Email a fresh one-time code (throttled)',
    body: resendCodeBody,
    success: { 202: 'Accepted, the same answer for every address' },
    problems: [429],
    grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  }),
  getAccount: route({
    id: 'getAccount',
    method: 'GET',
    path: '/v1/me',
    auth: 'user',
    handler: 'functions/me/get-account.handler.ts',
    summary: "The caller's account: state, next step and access level",
    body: undefined,
    success: { 200: 'The account: state, next step, access level, restrictions' },
    problems: [404],
    grants: ['table:read'],
  }),
  chooseAccessType: route({
    id: 'chooseAccessType',
    method: 'PUT',
    path: '/v1/me/access-type',
    auth: 'user',
    handler: 'functions/me/choose-access-type.handler.ts',
    summary: 'Choose customer employee or partner access',
    body: chooseAccessTypeBody,
    success: { 200: 'The account after the choice' },
    problems: [403, 404, 409],
    grants: ['table:write'],
  }),
  registerBusiness: route({
    id: 'registerBusiness',
    method: 'PUT',
    path: '/v1/me/registration',
    auth: 'user',
    handler: 'functions/me/register-business.handler.ts',
    summary: 'Submit business registration; joins the organization that owns the email domain',
    body: registerBusinessBody,
    success: { 200: 'The account after registration (ACTIVE, CHOOSE_ORGANIZATION or ORGANIZATION_REQUIRED)' },
    problems: [403, 404, 409, 422],
    grants: ['table:write', 'mail:send'],
  }),
  chooseOrganization: route({
    id: 'chooseOrganization',
    method: 'PUT',
    path: '/v1/me/organization',
    auth: 'user',
    handler: 'functions/me/choose-organization.handler.ts',
    summary: 'Pick your division when several organizations share your email domain',
    body: chooseOrganizationBody,
    success: { 200: 'The account, now ACTIVE in the chosen organization' },
    problems: [403, 404, 409, 422],
    grants: ['table:write', 'mail:send'],
  }),
  submitOrganizationRequest: route({
    id: 'submitOrganizationRequest',
    method: 'POST',
    path: '/v1/organization-requests',
    auth: 'user',
    handler: 'functions/me/submit-organization-request.handler.ts',
    summary: 'Submit your organization for review when no organization owns your email domain',
    body: submitOrganizationRequestBody,
    success: {
      202: 'The request is submitted and its review started; the account is PENDING_ORGANIZATION',
      200: 'The same request was already submitted; the account as it is',
    },
    problems: [403, 404, 409, 422],
    grants: ['table:write', 'workflow:start'],
  }),
  listOrganizationRequests: route({
    id: 'listOrganizationRequests',
    method: 'GET',
    path: '/v1/operator/organization-requests',
    auth: 'operator',
    handler: 'functions/operator/list-organization-requests.handler.ts',
    summary: 'Operators: organization requests, open or closed, newest first, by page',
    body: undefined,
    query: listOrganizationRequestsQuery,
    success: { 200: 'One page of requests and the cursor of the next' },
    grants: ['table:read'],
  }),
  getOrganizationRequest: route({
    id: 'getOrganizationRequest',
    method: 'GET',
    path: '/v1/operator/organization-requests/{requestId}',
    auth: 'operator',
    handler: 'functions/operator/get-organization-request.handler.ts',
    summary: 'Operators: one organization request with its requesters and history',
    body: undefined,
    pathParameters: requestPath,
    success: { 200: 'The request with its requesters, decision and history' },
    grants: ['table:read'],
  }),
  decideOrganizationRequest: route({
    id: 'decideOrganizationRequest',
    method: 'POST',
    path: '/v1/operator/organization-requests/{requestId}/decision',
    auth: 'operator',
    handler: 'functions/operator/decide-organization-request.handler.ts',
    summary: 'Operators: approve or reject an organization request (recorded, idempotent)',
    body: decideOrganizationRequestBody,
    pathParameters: requestPath,
    success: {
      201: 'The decision is recorded; the request as it is now',
      200: 'The same decision was already recorded; the request as it is',
    },
    problems: [409],
    grants: ['table:write'],
  }),
  getPortalSummary: route({
    id: 'getPortalSummary',
    method: 'GET',
    path: '/v1/portal/summary',
    auth: 'member',
    handler: 'functions/portal/get-summary.handler.ts',
    summary: 'Landing view of the portal for a member of an active business account',
    body: undefined,
    query: summaryQuery,
    success: { 200: "Counts by site, family and support status, and the caller's groups" },
    problems: [404],
    grants: ['table:read'],
  }),
  listSites: route({
    id: 'listSites',
    method: 'GET',
    path: '/v1/portal/sites',
    auth: 'member',
    handler: 'functions/portal/list-sites.handler.ts',
    summary: 'Sites the caller may see, with product counts, by page (filter: country)',
    body: undefined,
    query: listSitesQuery,
    success: { 200: 'One page of sites with their counts, and the cursor of the next' },
    grants: ['table:read'],
  }),
  listProducts: route({
    id: 'listProducts',
    method: 'GET',
    path: '/v1/portal/products',
    auth: 'member',
    handler: 'functions/portal/list-products.handler.ts',
    summary: 'Products the caller may see, by page (filters: site, family, support status, group)',
    body: undefined,
    query: listProductsQuery,
    success: { 200: 'One page of products and the cursor of the next' },
    problems: [404],
    grants: ['table:read'],
  }),
  getProduct: route({
    id: 'getProduct',
    method: 'GET',
    path: '/v1/portal/products/{serviceTag}',
    auth: 'member',
    handler: 'functions/portal/get-product.handler.ts',
    summary: 'One product the caller may see',
    body: undefined,
    pathParameters: productPath,
    success: { 200: 'The product' },
    grants: ['table:read'],
  }),
  listGroups: route({
    id: 'listGroups',
    method: 'GET',
    path: '/v1/portal/groups',
    auth: 'member',
    handler: 'functions/portal/list-groups.handler.ts',
    summary: "The caller's custom groups and the groups shared with the organization",
    body: undefined,
    success: { 200: "The caller's groups and the organization's shared groups" },
    grants: ['table:read'],
  }),
  createGroup: route({
    id: 'createGroup',
    method: 'POST',
    path: '/v1/portal/groups',
    auth: 'member',
    handler: 'functions/portal/create-group.handler.ts',
    summary: 'Create a custom group of products, families, or families at sites',
    body: createGroupBody,
    success: { 201: 'The group as stored' },
    problems: [409],
    grants: ['table:write'],
  }),
  getGroup: route({
    id: 'getGroup',
    method: 'GET',
    path: '/v1/portal/groups/{groupId}',
    auth: 'member',
    handler: 'functions/portal/get-group.handler.ts',
    summary: 'One custom group, as the caller may see it',
    body: undefined,
    pathParameters: groupPath,
    success: { 200: 'The group, limited to what the caller may see' },
    grants: ['table:read'],
  }),
  updateGroup: route({
    id: 'updateGroup',
    method: 'PATCH',
    path: '/v1/portal/groups/{groupId}',
    auth: 'member',
    handler: 'functions/portal/update-group.handler.ts',
    summary: 'Rename, share or change one of your custom groups',
    body: updateGroupBody,
    pathParameters: groupPath,
    success: { 200: 'The group as changed' },
    problems: [409],
    grants: ['table:write'],
  }),
  deleteGroup: route({
    id: 'deleteGroup',
    method: 'DELETE',
    path: '/v1/portal/groups/{groupId}',
    auth: 'member',
    handler: 'functions/portal/delete-group.handler.ts',
    summary: 'Delete one of your custom groups',
    body: undefined,
    pathParameters: groupPath,
    success: { 204: 'The group is gone' },
    problems: [409],
    grants: ['table:write'],
  }),
  getVisibility: route({
    id: 'getVisibility',
    method: 'GET',
    path: '/v1/portal/visibility',
    auth: 'member',
    handler: 'functions/portal/get-visibility.handler.ts',
    summary: 'Administrators: which sites and product families members see',
    body: undefined,
    success: { 200: 'The visibility rules' },
    grants: ['table:read'],
  }),
  setVisibility: route({
    id: 'setVisibility',
    method: 'PUT',
    path: '/v1/portal/visibility',
    auth: 'member',
    handler: 'functions/portal/set-visibility.handler.ts',
    summary: 'Administrators: set which sites and product families members see',
    body: visibilityBody,
    success: { 200: 'The visibility rules as stored' },
    problems: [409],
    grants: ['table:write'],
  }),
  listMembers: route({
    id: 'listMembers',
    method: 'GET',
    path: '/v1/portal/members',
    auth: 'member',
    handler: 'functions/portal/list-members.handler.ts',
    summary: 'Administrators: the members of the organization and their roles, by page',
    body: undefined,
    query: listMembersQuery,
    success: { 200: 'One page of members with their roles, and the cursor of the next' },
    grants: ['table:read'],
  }),
  changeMemberRole: route({
    id: 'changeMemberRole',
    method: 'PUT',
    path: '/v1/portal/members/{userId}/role',
    auth: 'member',
    handler: 'functions/portal/change-member-role.handler.ts',
    summary: 'Administrators: promote a member to administrator or demote one',
    body: memberRoleBody,
    pathParameters: memberPath,
    success: { 200: 'The member with the new role' },
    problems: [409],
    grants: ['table:write'],
  }),
  importPortalData: route({
    id: 'importPortalData',
    method: 'POST',
    path: '/v1/operator/organizations/{organizationId}/imports/{kind}',
    auth: 'operator',
    handler: 'functions/operator/import-portal-data.handler.ts',
    summary: 'Operators: import sites or products (JSON or CSV), validated row by row, idempotent',
    body: undefined,
    pathParameters: importPath,
    requestMediaTypes: importRequestMediaTypes,
    success: { 200: 'The report: rows created, updated, unchanged and rejected, each rejected row with why' },
    grants: ['table:write'],
    // Up to 5,000 rows per request, each a conditional or transactional write: the whole of API Gateway's 29 s
    // instead of 10 s. Memory stays at 512 MB by measurement (`npm run bench -- load`): a 5,000-row request
    // takes about 0.6 s of CPU and 140 MB at peak, about 3.3 s at 512 MB, and costs a quarter less than at 1024.
    function: { timeoutSeconds: 29 },
  }),
} as const;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
