import type { z } from 'zod';
import {
  chooseAccessTypeBody,
  chooseOrganizationBody,
  registerBusinessBody,
  submitOrganizationRequestBody,
} from './me/me.schema';
import { decideOrganizationRequestBody } from './operator/operator.schema';
import { createGroupBody, memberRoleBody, updateGroupBody, visibilityBody } from './portal/portal.schema';
import { resendCodeBody, signUpBody, verifyEmailBody } from './signup/signup.schema';

/**
 * The one route table. The CDK API construct (lib/api.ts) makes one Lambda function and one API Gateway method
 * per entry; the local server (local/api-server.ts) serves the same entries with the same handler modules.
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

/**
 * A route function that needs more than the defaults (512 MB, 10 s). lib/api.ts applies it; the local server
 * does not enforce either.
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
> {
  /** Stable identifier; also names the Lambda function. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway resource path, e.g. `/v1/me/registration`. */
  readonly path: string;
  readonly auth: TAuth;
  /** Module (relative to the repository root) that exports `handler`. */
  readonly handler: string;
  readonly summary: string;
  readonly body: TBody;
  readonly grants: readonly RouteGrant[];
  /** Memory and timeout of the route's function, when the defaults do not fit. */
  readonly function?: RouteFunctionSettings;
}

function route<TBody extends z.ZodType | undefined, TAuth extends RouteAuth>(
  definition: RouteDefinition<TBody, TAuth>,
): RouteDefinition<TBody, TAuth> {
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
    grants: ['table:write'],
    // Up to 5,000 rows per request, each a conditional or transactional write: more CPU for parsing and
    // validating, and the whole of API Gateway's 29 s instead of 10 s.
    function: { memorySize: 1024, timeoutSeconds: 29 },
  }),
} as const;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
