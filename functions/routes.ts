import type { z } from 'zod';
import {
  chooseAccessTypeBody,
  chooseOrganizationBody,
  registerBusinessBody,
  submitOrganizationRequestBody,
} from './me/me.schema';
import { decideOrganizationRequestBody } from './operator/operator.schema';
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
} as const;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
