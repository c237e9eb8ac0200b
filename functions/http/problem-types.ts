/**
 * Every problem `type` the API answers (`/problems/<slug>`), with its status and what it means: the OpenAPI
 * document lists them per operation and in the Problem schema, docs/api.md explains each under a heading of its
 * slug, and test/unit/http/problem-types.test.ts checks that every slug thrown in functions/ is here and
 * documented there. No handler imports this module.
 */

export interface ProblemType {
  readonly status: number;
  /** What it means and what the client should do. */
  readonly meaning: string;
  /**
   * The routes (ids) whose use case answers it; undefined for a type the route's shape implies (validation,
   * auth, idempotency, limits) or that any route may answer (throttling, faults).
   */
  readonly routes?: readonly string[];
}

const ONBOARDING_WRITES = [
  'chooseAccessType',
  'registerBusiness',
  'chooseOrganization',
  'submitOrganizationRequest',
];

export const PROBLEM_TYPES = {
  'validation-error': {
    status: 400,
    meaning:
      'A field is missing or wrong; `errors` names each with a pointer (`/field`, `query:/name`, `path:/name`).',
  },
  'malformed-request': {
    status: 400,
    meaning: 'The body is not JSON (or not readable as the media type it says).',
  },
  'bad-request': { status: 400, meaning: 'API Gateway refused the request before Portico saw it.' },
  'invalid-code': {
    status: 400,
    meaning: 'The one-time code is not correct; `attemptsRemaining` says how many tries are left.',
    routes: ['verifyEmail'],
  },
  'code-expired': {
    status: 400,
    meaning: 'There is no valid code for this address any more; request a new one (POST /v1/signup/resend).',
    routes: ['verifyEmail'],
  },
  'code-attempts-exhausted': {
    status: 400,
    meaning: 'Too many wrong codes: this code no longer works; request a new one.',
    routes: ['verifyEmail'],
  },
  unauthorized: { status: 401, meaning: 'No valid Cognito ID token: sign in again.' },
  forbidden: { status: 403, meaning: 'API Gateway refused the token for this route.' },
  'operators-only': {
    status: 403,
    meaning: 'Only members of the Cognito group `operators` may call this route.',
  },
  'business-account-required': {
    status: 403,
    meaning: 'The portal opens once the business account is ACTIVE; `nextStep` says what to do.',
  },
  'organization-deactivated': {
    status: 403,
    meaning:
      "The caller's organization was deactivated by Portico's operators: the account is kept, and the portal " +
      'opens again when the organization is reactivated. Every portal route may answer it.',
  },
  'account-suspended': {
    status: 403,
    meaning:
      'The account is suspended because its sign-in was disabled in the user pool (`reason`: ' +
      '`IDENTITY_DISABLED`); the organization and role are kept, and the suspension lifts once the sign-in is ' +
      "enabled again. Any route that reads the caller's account may answer it.",
  },
  'administrators-only': {
    status: 403,
    meaning: "Only administrators of the caller's organization may do this.",
    routes: [
      'getVisibility',
      'setVisibility',
      'listMembers',
      'changeMemberRole',
      'getMembershipPolicy',
      'setMembershipPolicy',
      'listJoinRequests',
      'approveJoinRequest',
      'declineJoinRequest',
      'createInvitations',
      'listInvitations',
      'resendInvitation',
      'revokeInvitation',
    ],
  },
  'group-owner-only': {
    status: 403,
    meaning: 'Only the member who made the group may change or delete it.',
    routes: ['updateGroup', 'deleteGroup'],
  },
  'email-not-verified': {
    status: 403,
    meaning: 'Verify the email address first; `nextStep` says how.',
    routes: ONBOARDING_WRITES,
  },
  'organization-not-available': {
    status: 403,
    meaning: "The organization chosen is not one of the choices for the caller's email domain.",
    routes: ['chooseOrganization', 'approveJoinRequest'],
  },
  'not-found': {
    status: 404,
    meaning: 'No such resource, or not one the caller may see (never told apart).',
  },
  'concurrent-update': {
    status: 409,
    meaning: 'Another request changed the same thing meanwhile; reload and retry.',
    routes: [
      'chooseAccessType',
      'registerBusiness',
      'chooseOrganization',
      'submitOrganizationRequest',
      'confirmEmailChange',
      'deleteAccount',
      'decideOrganizationRequest',
      'updateGroup',
      'deleteGroup',
      'setVisibility',
      'changeMemberRole',
      'setMembershipPolicy',
      'updateOrganization',
    ],
  },
  'organization-pending-review': {
    status: 409,
    meaning:
      'The organization waits for the decision on its request: decide the request, not the directory entry.',
    routes: ['updateOrganization'],
  },
  'domain-owned': {
    status: 409,
    meaning:
      'The email domain belongs to another organization (`owners`): only divisions of one group may share a domain. Mark them divisions of the same group first.',
    routes: ['updateOrganization'],
  },
  'idempotency-request-in-progress': {
    status: 409,
    meaning:
      'The first request under this Idempotency-Key is still running; retry after `Retry-After` seconds.',
  },
  'verification-conflict': {
    status: 409,
    meaning: 'No account waits for this code (not expected: the account is written before its code).',
    routes: ['verifyEmail'],
  },
  'already-active': {
    status: 409,
    meaning: 'The business account is already active: nothing to register.',
    routes: ONBOARDING_WRITES,
  },
  'organization-under-review': {
    status: 409,
    meaning: "The caller's organization is under review; `organizationRequestId` names the request.",
    routes: ONBOARDING_WRITES,
  },
  'join-request-pending': {
    status: 409,
    meaning:
      "The caller's request to join an organization (APPROVAL policy) waits for its administrators; `joinRequest` names it.",
    routes: [...ONBOARDING_WRITES, 'requestEmailChange', 'confirmEmailChange'],
  },
  'already-member': {
    status: 409,
    meaning:
      'The caller is already a member of an organization (this one or another): a person belongs to one ' +
      'organization at a time, so an invitation is accepted after leaving.',
    routes: ['acceptInvitation'],
  },
  'join-request-decided': {
    status: 409,
    meaning:
      'The join request was decided meanwhile (by another administrator), or the person no longer waits for the ' +
      'organization: reload the list.',
    routes: ['approveJoinRequest', 'declineJoinRequest'],
  },
  'access-type-required': {
    status: 409,
    meaning: 'Choose the access type first (PUT /v1/me/access-type).',
    routes: ['registerBusiness', 'chooseOrganization', 'submitOrganizationRequest'],
  },
  'partner-access': {
    status: 409,
    meaning: 'Partner accounts join through the partner programme, not by registering a business.',
    routes: ['registerBusiness', 'chooseOrganization', 'submitOrganizationRequest'],
  },
  'registration-required': {
    status: 409,
    meaning: 'Submit the business registration first (PUT /v1/me/registration).',
    routes: ['chooseOrganization', 'submitOrganizationRequest'],
  },
  'no-organization-choice': {
    status: 409,
    meaning: 'There is no organization to choose at this step; `nextStep` says what to do.',
    routes: ['chooseOrganization'],
  },
  'organization-request-not-expected': {
    status: 409,
    meaning: 'An organization request is only for a domain no organization owns; `nextStep` says what to do.',
    routes: ['submitOrganizationRequest'],
  },
  'organization-exists': {
    status: 409,
    meaning: 'An organization now owns the email domain: register again to join it.',
    routes: ['submitOrganizationRequest'],
  },
  'decision-already-recorded': {
    status: 409,
    meaning: 'The request was already decided the other way; `decision` shows by whom and when.',
    routes: ['decideOrganizationRequest'],
  },
  'request-closed': {
    status: 409,
    meaning: 'The request is closed (expired, merged or closed) and takes no decision.',
    routes: ['decideOrganizationRequest'],
  },
  'group-limit-reached': {
    status: 409,
    meaning: 'The member has the most groups allowed (`limit`); delete one first.',
    routes: ['createGroup'],
  },
  'last-administrator': {
    status: 409,
    meaning:
      'An organization keeps at least one administrator: promote someone else first (a role change, or its last administrator leaving an organization with other members by an email change or an account deletion).',
    routes: ['changeMemberRole', 'confirmEmailChange', 'deleteAccount'],
  },
  'email-address-taken': {
    status: 409,
    meaning: 'Another account uses this email address: choose another one.',
    routes: ['requestEmailChange', 'confirmEmailChange'],
  },
  'payload-too-large': { status: 413, meaning: 'The body is larger than the route accepts.' },
  'unsupported-media-type': { status: 415, meaning: 'The body is not of a media type the route reads.' },
  'idempotency-key-reused': {
    status: 422,
    meaning: 'This Idempotency-Key came with a different request; use a new key for a new request.',
  },
  'work-email-required': {
    status: 422,
    meaning: 'Company access needs a work email address, not a personal or disposable one.',
    routes: ['registerBusiness', 'chooseOrganization', 'submitOrganizationRequest'],
  },
  'domain-not-allowed': {
    status: 422,
    meaning: 'A personal (webmail) or disposable email domain: no organization may own it.',
    routes: ['updateOrganization'],
  },
  'export-too-large': {
    status: 422,
    meaning:
      'A download holds at most 5,000 products; `limit` says the most and `count` how many this one would hold. Narrow it with filters.',
    routes: ['exportProducts'],
  },
  'too-many-requests': {
    status: 429,
    meaning: 'Throttled (the stage, or codes sent to one address); retry after `Retry-After` seconds.',
  },
  'internal-error': { status: 500, meaning: 'A fault on the API side; quote the `requestId` to support.' },
  'service-unavailable': {
    status: 503,
    meaning: 'A service the API depends on is unavailable; retry after `Retry-After` seconds.',
  },
} as const satisfies Record<string, ProblemType>;

export type ProblemTypeSlug = keyof typeof PROBLEM_TYPES;

/** Where the types are explained, one heading per slug. */
export const PROBLEM_TYPES_DOCUMENT = 'docs/api.md';
