import { AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import { routeList, type RouteId } from '../../functions/routes';
import {
  apiClient,
  awsClients,
  mailbox,
  person,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type ApiAnswer,
  type RunningStack,
  expectStatus,
} from '../integration/local-stack';
import {
  NORTHLAND_ONLY_FAMILY,
  NORTHLAND_PRODUCTS,
  NORTHLAND_SITES,
} from '../integration/northland-inventory';

/**
 * Every route of the route table, called by every kind of caller, with the other tenant's ids wherever the path
 * takes one: the status each persona gets is a table below, and no answer to a caller of one tenant names
 * anything of the other. Then every route that takes a body is sent fields a client must never set
 * (organizationId, role, accessLevel, userId, state): each is refused as an unknown field, and the accounts,
 * memberships and organizations read back from DynamoDB are unchanged.
 *
 * Tenants: A is Acme (org-acme, seeded with a small demo inventory), B is Northland Health
 * (org-northland-health, whose sites and products an operator imports here).
 */

const PERSONAS = ['anonymous', 'limited', 'memberA', 'adminA', 'memberB', 'operator'] as const;
type Persona = (typeof PERSONAS)[number];

/** Fields that say who someone is or what they may do: only the service sets them, never a request body. */
const PRIVILEGED_FIELDS = ['organizationId', 'role', 'accessLevel', 'userId', 'state'] as const;

/**
 * A signed-in caller without a Portico account (the seeded operator has none): the account lookup answers 404
 * (test/unit/core/use-cases/portal-access.test.ts pins it), on member routes as on the caller's own routes.
 */
const NO_ACCOUNT = 404;

const B_SITES = NORTHLAND_SITES;
const B_ONLY_FAMILY = NORTHLAND_ONLY_FAMILY;
const B_PRODUCTS = NORTHLAND_PRODUCTS;

interface Person {
  readonly email: string;
  readonly token: string;
  readonly userId: string;
}

/** What a tenant owns, as ids a caller of the other tenant might try. */
interface Tenant {
  readonly organizationId: string;
  readonly siteId: string;
  readonly serviceTag: string;
  /** A family the tenant's own members may put in a group. */
  readonly family: string;
  /** A group of the tenant's administrator, shared with its members. */
  readonly groupId: string;
  readonly groupName: string;
  /** A background export of the tenant's administrator. */
  readonly exportId: string;
  /** A pending invitation of the tenant's administrator. */
  readonly invitationId: string;
  /** A member of the tenant (target of role changes). */
  readonly userId: string;
  /** Everything that names this tenant or its data: no answer to another tenant's caller may contain one. */
  readonly marks: readonly string[];
}

interface CallContext {
  readonly persona: Persona;
  /** The other tenant: B for everyone but B's member, whose other tenant is A. */
  readonly foreign: Tenant;
  /** The caller's own tenant (B for callers who have none; they are refused before it matters). */
  readonly own: Tenant;
}

interface RouteCase {
  /** Values of the route's `{path}` parameters. */
  readonly params?: (context: CallContext) => Record<string, string>;
  readonly query?: (context: CallContext) => string;
  /** A valid body for this route (valid for the persona's own situation). */
  readonly body?: (context: CallContext) => unknown;
  readonly expected: Readonly<Record<Persona, number>>;
}

/** Statuses in the order of PERSONAS: anonymous, limited, memberA, adminA, memberB, operator. */
function statuses(...answers: [number, number, number, number, number, number]): Record<Persona, number> {
  return Object.fromEntries(PERSONAS.map((persona, index) => [persona, answers[index]])) as Record<
    Persona,
    number
  >;
}

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let documents: ReturnType<typeof awsClients>['documents'];
let operatorToken: string;
let limited: Person;
let memberA: Person;
let adminA: Person;
let memberB: Person;
let adminB: Person;
let tenantA: Tenant;
let tenantB: Tenant;
let requestId: string;
let sequence = 0;
/** A new address (lower case: Portico stores addresses normalised, and the mailbox is searched by it). */
const fresh = (label: string) => `${label.toLowerCase()}${(sequence += 1)}@globex.example`;

async function activePerson(email: string, companyName: string): Promise<Person> {
  const token = await verifiedPerson(stack, email);
  expectStatus(
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
    200,
  );
  const registered = expectStatus(
    await api('PUT', '/v1/me/registration', { token, body: { ...REGISTRATION, companyName } }),
    200,
  );
  expect(registered.outcome).toBe('ACTIVE');
  const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
  return { email, token, userId: String(me.userId) };
}

async function signedUpWithCode(email: string): Promise<{ email: string; code: string }> {
  expectStatus(await api('POST', '/v1/signup', { body: person(email) }), 202);
  return { email, code: await mailbox(stack).latestCode(email) };
}

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '40'] });
  api = apiClient(stack);
  documents = awsClients(stack).documents;
  operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
  for (const [kind, rows] of [
    ['sites', B_SITES],
    ['products', B_PRODUCTS],
  ] as const) {
    const report = expectStatus(
      await api('POST', `/v1/operator/organizations/org-northland-health/imports/${kind}`, {
        token: operatorToken,
        body: { rows },
      }),
      200,
    );
    expect(report.rejected).toBe(0);
  }

  // The first person to join an organization administers it: each administrator joins before the member.
  adminA = await activePerson('admin@acme.example', 'Acme Manufacturing');
  memberA = await activePerson('member@acme.example', 'Acme Manufacturing');
  adminB = await activePerson('admin@health.northland.gov.example', 'Northland Health');
  memberB = await activePerson('member@health.northland.gov.example', 'Northland Health');

  // Limited: verified and a customer employee, but with a personal address it can never become active.
  const limitedToken = await verifiedPerson(stack, 'limited.person@gmail.com');
  expectStatus(
    await api('PUT', '/v1/me/access-type', {
      token: limitedToken,
      body: { accessType: 'CUSTOMER_EMPLOYEE' },
    }),
    200,
  );
  const limitedMe = expectStatus(await api('GET', '/v1/me', { token: limitedToken }), 200);
  limited = { email: 'limited.person@gmail.com', token: limitedToken, userId: String(limitedMe.userId) };

  // An organization request for the operator routes.
  const requesterToken = await verifiedPerson(stack, 'requester@globex.example');
  await api('PUT', '/v1/me/access-type', {
    token: requesterToken,
    body: { accessType: 'CUSTOMER_EMPLOYEE' },
  });
  await api('PUT', '/v1/me/registration', { token: requesterToken, body: REGISTRATION });
  expectStatus(
    await api('POST', '/v1/organization-requests', {
      token: requesterToken,
      body: {
        legalName: 'Globex Corporation',
        address: { line1: '1 Globex Way', city: 'Cypress Creek', postalCode: '12345' },
        country: 'US',
        website: 'https://globex.example',
        phone: '+1 555 0100',
      },
    }),
    202,
  );
  const requests = expectStatus(
    await api('GET', '/v1/operator/organization-requests', { token: operatorToken }),
    200,
  ) as { items: { requestId: string }[] };
  requestId = requests.items[0]!.requestId;

  // Tenant A's ids, read as its administrator sees them.
  const sitesA = expectStatus(await api('GET', '/v1/portal/sites?limit=100', { token: adminA.token }), 200)
    .items as { siteId: string }[];
  const productsA = expectStatus(
    await api('GET', '/v1/portal/products?limit=5', { token: adminA.token }),
    200,
  ).items as { serviceTag: string; family: string; siteId: string }[];
  const firstA = productsA[0]!;
  const groupA = expectStatus(
    await api('POST', '/v1/portal/groups', {
      token: adminA.token,
      body: {
        name: 'Acme shared',
        shared: true,
        definition: { kind: 'FAMILIES', families: [firstA.family] },
      },
    }),
    201,
  );
  const exportA = expectStatus(
    await api('POST', '/v1/portal/export-jobs', { token: adminA.token, body: { format: 'csv' } }),
    202,
  );
  const invitationA = expectStatus(
    await api('POST', '/v1/portal/invitations', {
      token: adminA.token,
      body: { invitations: [{ email: 'invited-a@acme.example', role: 'MEMBER' }] },
    }),
    201,
  ).items as { invitationId: string }[];
  tenantA = {
    organizationId: 'org-acme',
    siteId: firstA.siteId,
    serviceTag: firstA.serviceTag,
    family: firstA.family,
    groupId: String(groupA.groupId),
    groupName: 'Acme shared',
    exportId: String(exportA.exportId),
    invitationId: invitationA[0]!.invitationId,
    userId: memberA.userId,
    marks: [
      'org-acme',
      'Acme',
      'acme.example',
      ...sitesA.map((site) => site.siteId),
      ...productsA.map((product) => product.serviceTag),
      String(groupA.groupId),
      invitationA[0]!.invitationId,
      adminA.userId,
      memberA.userId,
    ],
  };

  const groupB = expectStatus(
    await api('POST', '/v1/portal/groups', {
      token: adminB.token,
      body: {
        name: 'Northland shared',
        shared: true,
        definition: { kind: 'PRODUCTS', serviceTags: B_PRODUCTS.map((product) => product.serviceTag) },
      },
    }),
    201,
  );
  const exportB = expectStatus(
    await api('POST', '/v1/portal/export-jobs', { token: adminB.token, body: { format: 'json' } }),
    202,
  );
  const invitationB = expectStatus(
    await api('POST', '/v1/portal/invitations', {
      token: adminB.token,
      body: { invitations: [{ email: 'invited-b@health.northland.gov.example', role: 'MEMBER' }] },
    }),
    201,
  ).items as { invitationId: string }[];
  tenantB = {
    organizationId: 'org-northland-health',
    siteId: B_SITES[0]!.siteId,
    serviceTag: B_PRODUCTS[0]!.serviceTag,
    family: 'PowerEdge',
    groupId: String(groupB.groupId),
    groupName: 'Northland shared',
    exportId: String(exportB.exportId),
    invitationId: invitationB[0]!.invitationId,
    userId: memberB.userId,
    marks: [
      'org-northland-health',
      'Northland',
      'northland.gov.example',
      ...B_SITES.map((site) => site.siteId),
      ...B_PRODUCTS.map((product) => product.serviceTag),
      B_ONLY_FAMILY,
      String(groupB.groupId),
      invitationB[0]!.invitationId,
      adminB.userId,
      memberB.userId,
    ],
  };
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

function tokenOf(persona: Persona): string | undefined {
  switch (persona) {
    case 'anonymous':
      return undefined;
    case 'limited':
      return limited.token;
    case 'memberA':
      return memberA.token;
    case 'adminA':
      return adminA.token;
    case 'memberB':
      return memberB.token;
    case 'operator':
      return operatorToken;
  }
}

function contextOf(persona: Persona): CallContext {
  return persona === 'memberB'
    ? { persona, foreign: tenantA, own: tenantB }
    : { persona, foreign: tenantB, own: persona === 'memberA' || persona === 'adminA' ? tenantA : tenantB };
}

const ORGANIZATION_REQUEST = {
  legalName: 'Probe Industries',
  address: { line1: '1 Probe Street', city: 'Springfield', postalCode: '12345' },
  country: 'US',
  website: 'https://probe.example',
  phone: '+1 555 0199',
};
const NEUTRAL_REGISTRATION = { ...REGISTRATION, companyName: 'Probe Company' };

/**
 * One case per route of the table. `Record<RouteId, …>` makes a new route a type error here, and the test
 * below fails at run time for any route of `routeList` without a case.
 */
const cases: Record<RouteId, RouteCase> = {
  // Public: the same contract whoever calls, token or not.
  signUp: {
    body: ({ persona }) => person(fresh(`signup.${persona}.`)),
    expected: statuses(202, 202, 202, 202, 202, 202),
  },
  verifyEmail: {
    body: ({ persona }) => signedUpWithCode(fresh(`verify.${persona}.`)),
    expected: statuses(200, 200, 200, 200, 200, 200),
  },
  resendCode: {
    // An address nobody signed up with: the same 202 as any other.
    body: ({ persona }) => ({ email: fresh(`resend.${persona}.`) }),
    expected: statuses(202, 202, 202, 202, 202, 202),
  },
  forgotPassword: {
    body: ({ persona }) => ({ email: fresh(`forgot.${persona}.`) }),
    expected: statuses(202, 202, 202, 202, 202, 202),
  },
  resetPassword: {
    // No code was sent to the address: the same 400 code-expired for everyone, token or not.
    body: ({ persona }) => ({
      email: fresh(`reset.${persona}.`),
      code: '000000',
      password: 'Another-Pass-42!',
    }),
    expected: statuses(400, 400, 400, 400, 400, 400),
  },

  // The caller's own account: open to every signed-in caller; the answer depends on where they are.
  getAccount: { expected: statuses(401, 200, 200, 200, 200, NO_ACCOUNT) },
  changePassword: {
    // Not the caller's password: 400 naming /currentPassword for every signed-in caller, operators included.
    body: () => ({ currentPassword: 'Not-The-Password-1!', newPassword: 'Another-Pass-42!' }),
    expected: statuses(401, 400, 400, 400, 400, 400),
  },
  // Refresh tokens stop working; the ID tokens this test holds stay valid until they expire.
  signOutEverywhere: { expected: statuses(401, 200, 200, 200, 200, 200) },
  requestEmailChange: {
    // Not the caller's password: 400 naming /currentPassword; an operator has no account to change (404).
    body: () => ({ newEmail: 'somebody-new@matrix.example', currentPassword: 'Not-The-Password-1!' }),
    expected: statuses(401, 400, 400, 400, 400, NO_ACCOUNT),
  },
  confirmEmailChange: {
    // No code was sent to that address for anyone: 400 code-expired before anything else is read.
    body: () => ({ newEmail: 'somebody-new@matrix.example', code: '000000' }),
    expected: statuses(401, 400, 400, 400, 400, 400),
  },
  deleteAccount: {
    // Not the caller's password: 400 naming /currentPassword, and nothing is erased.
    body: () => ({ currentPassword: 'Not-The-Password-1!' }),
    expected: statuses(401, 400, 400, 400, 400, 400),
  },
  // The caller's own data only (the answers are checked for the other tenant's marks like every other).
  exportData: { expected: statuses(401, 200, 200, 200, 200, NO_ACCOUNT) },
  // Any account may choose its language, at any step; only its own.
  chooseLocale: {
    body: () => ({ locale: 'en' }),
    expected: statuses(401, 200, 200, 200, 200, NO_ACCOUNT),
  },
  chooseAccessType: {
    body: () => ({ accessType: 'CUSTOMER_EMPLOYEE' }),
    // limited may still change its mind; active accounts are 409 already-active.
    expected: statuses(401, 200, 409, 409, 409, NO_ACCOUNT),
  },
  registerBusiness: {
    body: () => NEUTRAL_REGISTRATION,
    // limited has a personal address: 422 work-email-required.
    expected: statuses(401, 422, 409, 409, 409, NO_ACCOUNT),
  },
  chooseOrganization: {
    body: ({ foreign }) => ({ organizationId: foreign.organizationId }),
    expected: statuses(401, 409, 409, 409, 409, NO_ACCOUNT),
  },
  submitOrganizationRequest: {
    body: () => ORGANIZATION_REQUEST,
    expected: statuses(401, 422, 409, 409, 409, NO_ACCOUNT),
  },

  // Operators only.
  listOrganizationRequests: { expected: statuses(401, 403, 403, 403, 403, 200) },
  listSuppressedAddresses: { expected: statuses(401, 403, 403, 403, 403, 200) },
  getOrganizationRequest: {
    params: () => ({ requestId }),
    expected: statuses(401, 403, 403, 403, 403, 200),
  },
  decideOrganizationRequest: {
    params: () => ({ requestId }),
    body: () => ({ outcome: 'REJECT', reason: 'Not a customer (authorization matrix).' }),
    expected: statuses(401, 403, 403, 403, 403, 201),
  },
  listOrganizations: { expected: statuses(401, 403, 403, 403, 403, 200) },
  createOrganization: {
    body: () => ({
      name: 'Matrix Industries',
      country: 'DE',
      address: { line1: 'Hauptstraße 1', city: 'Hamburg', postalCode: '20095' },
      kind: 'CUSTOMER',
    }),
    expected: statuses(401, 403, 403, 403, 403, 201),
  },
  getOrganization: {
    params: ({ foreign }) => ({ organizationId: foreign.organizationId }),
    expected: statuses(401, 403, 403, 403, 403, 200),
  },
  // An edit that changes nothing: the operator's answer is the organization as it is.
  updateOrganization: {
    params: ({ foreign }) => ({ organizationId: foreign.organizationId }),
    body: () => ({ revision: 0, kind: 'CUSTOMER' }),
    expected: statuses(401, 403, 403, 403, 403, 200),
  },
  importPortalData: {
    params: ({ foreign }) => ({ organizationId: foreign.organizationId, kind: 'sites' }),
    body: () => ({ rows: B_SITES }),
    expected: statuses(401, 403, 403, 403, 403, 200),
  },
  reconcileIdentities: { expected: statuses(401, 403, 403, 403, 403, 200) },

  // Members of an active business account; the other tenant's ids are a 404, never data.
  getPortalSummary: {
    query: ({ foreign }) => `?group=${foreign.groupId}`,
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  listSites: { expected: statuses(401, 403, 200, 200, 200, NO_ACCOUNT) },
  listProducts: {
    query: ({ foreign }) => `?site=${foreign.siteId}`,
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  getProduct: {
    params: ({ foreign }) => ({ serviceTag: foreign.serviceTag }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  exportProducts: {
    query: ({ foreign }) => `?site=${foreign.siteId}`,
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  startExport: {
    body: ({ foreign }) => ({ site: foreign.siteId }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  getExport: {
    // Only the owner reads an export: another tenant's is a 404, as is any id not one's own.
    params: ({ foreign }) => ({ exportId: foreign.exportId }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  listGroups: { expected: statuses(401, 403, 200, 200, 200, NO_ACCOUNT) },
  createGroup: {
    body: ({ own, persona }) => ({
      name: `Probe of ${persona}`,
      definition: { kind: 'FAMILIES', families: [own.family] },
    }),
    expected: statuses(401, 403, 201, 201, 201, NO_ACCOUNT),
  },
  getGroup: {
    params: ({ foreign }) => ({ groupId: foreign.groupId }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  updateGroup: {
    params: ({ foreign }) => ({ groupId: foreign.groupId }),
    body: () => ({ name: 'Taken over', shared: false }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  deleteGroup: {
    params: ({ foreign }) => ({ groupId: foreign.groupId }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },

  // Administrators of the caller's organization (memberB is a plain member of B).
  getVisibility: { expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT) },
  setVisibility: {
    body: () => ({ sites: 'ALL', families: 'ALL' }),
    expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT),
  },
  listMembers: { expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT) },
  getMembershipPolicy: { expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT) },
  // The policy it has already: the administrator's 200 changes nothing the other cases rely on.
  setMembershipPolicy: {
    body: () => ({ policy: 'AUTOMATIC' }),
    expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT),
  },
  listJoinRequests: { expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT) },
  listInvitations: { expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT) },
  // A contractor's address (outside A's domains, said explicitly), new on each call.
  createInvitations: {
    body: () => ({
      invitations: [
        {
          email: `probe-${crypto.randomUUID()}@contractor.example`,
          role: 'MEMBER',
          allowOutsideDomain: true,
        },
      ],
    }),
    expected: statuses(401, 403, 403, 201, 403, NO_ACCOUNT),
  },
  // The other tenant's invitation: A's administrator gets 404, as for an id that never existed.
  resendInvitation: {
    params: ({ foreign }) => ({ invitationId: foreign.invitationId }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  revokeInvitation: {
    params: ({ foreign }) => ({ invitationId: foreign.invitationId }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  // A token that opens nothing: the same 404 for every signed-in caller, revealing nothing.
  acceptInvitation: {
    body: () => ({ token: 'A'.repeat(43) }),
    expected: statuses(401, 404, 404, 404, 404, 404),
  },
  // Nobody of B has a request to A: the administrator's answer is 404, never B's person.
  approveJoinRequest: {
    params: ({ foreign }) => ({ userId: foreign.userId }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  declineJoinRequest: {
    params: ({ foreign }) => ({ userId: foreign.userId }),
    body: () => ({ reason: 'Probe' }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  changeMemberRole: {
    params: ({ foreign }) => ({ userId: foreign.userId }),
    body: () => ({ role: 'ADMINISTRATOR' }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  // The other tenant's member: never found in the caller's organization, nothing removed.
  removeMember: {
    params: ({ foreign }) => ({ userId: foreign.userId }),
    expected: statuses(401, 403, 403, 404, 403, NO_ACCOUNT),
  },
  // Naming the other tenant's organization: 404 for its members, and nobody leaves their own.
  leaveOrganization: {
    body: ({ foreign }) => ({ organizationId: foreign.organizationId }),
    expected: statuses(401, 403, 404, 404, 404, NO_ACCOUNT),
  },
  // The caller's own choice only: nothing in the request names anybody else.
  chooseSupportDigest: {
    body: () => ({ enabled: false }),
    expected: statuses(401, 403, 200, 200, 200, NO_ACCOUNT),
  },
  // Public: a token Portico did not sign is the same 400 for everyone, token or not.
  unsubscribeDigest: {
    body: () => ({ token: 'bm90.YS10b2tlbg' }),
    expected: statuses(400, 400, 400, 400, 400, 400),
  },
  // Entries naming the other tenant's member: the caller's own log has none (never the other tenant's).
  listAuditLog: {
    query: ({ foreign }) => `?person=${foreign.userId}`,
    expected: statuses(401, 403, 403, 200, 403, NO_ACCOUNT),
  },
  // Operators read any organization's log (the operator's answers are not checked for marks).
  listOrganizationAuditLog: {
    params: ({ foreign }) => ({ organizationId: foreign.organizationId }),
    expected: statuses(401, 403, 403, 403, 403, 200),
  },
};

/** The route's path with its `{parameters}` filled in; a parameter without a value is a test error. */
function pathOf(routePath: string, params: Record<string, string>): string {
  return routePath.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} of ${routePath}`);
    return encodeURIComponent(value);
  });
}

/** The answer without `instance`, which echoes the caller's own request path. */
function answerText(answer: ApiAnswer): string {
  if (!answer.text) return '';
  if (Object.keys(answer.body).length === 0) return answer.text;
  const { instance: _echoed, ...rest } = answer.body;
  return JSON.stringify(rest);
}

describe('the authorization matrix', () => {
  it('gives every persona the expected status on every route, and nobody the other tenant’s data', async () => {
    const missing = routeList.filter((route) => !(route.id in cases)).map((route) => route.id);
    expect(missing, 'routes of functions/routes.ts without a case here').toEqual([]);

    const started = Date.now();
    const cells: { route: string; persona: Persona; expected: number; status: number; problem?: string }[] =
      [];
    for (const route of routeList) {
      const routeCase = cases[route.id as RouteId];
      for (const persona of PERSONAS) {
        const context = contextOf(persona);
        const path =
          pathOf(route.path, routeCase.params?.(context) ?? {}) + (routeCase.query?.(context) ?? '');
        const body = routeCase.body ? await routeCase.body(context) : undefined;
        const answer = await api(route.method, path, {
          ...(body === undefined ? {} : { body }),
          ...(tokenOf(persona) ? { token: tokenOf(persona) } : {}),
        });
        const expected = routeCase.expected[persona];
        let problem: string | undefined;
        if (answer.status !== expected) problem = answer.text.slice(0, 300);
        else if (answer.status >= 400 && !answer.contentType?.includes('application/problem+json')) {
          problem = `error answered as ${answer.contentType}`;
        } else if (persona !== 'operator') {
          // Every call carried the other tenant's ids (or none): its answer must name nothing of that tenant.
          const text = answerText(answer);
          const leaked = context.foreign.marks.filter((mark) => text.includes(mark));
          if (leaked.length > 0) problem = `names the other tenant: ${leaked.join(', ')}`;
        }
        cells.push({
          route: `${route.method} ${path}`,
          persona,
          expected,
          status: answer.status,
          ...(problem ? { problem } : {}),
        });
      }
    }
    const wallMs = Date.now() - started;

    expect(cells.filter((cell) => cell.problem !== undefined)).toEqual([]);
    // Nothing of the other tenant was changed or removed by the attempts.
    for (const [owner, tenant] of [
      [adminA, tenantA],
      [adminB, tenantB],
    ] as const) {
      const group = expectStatus(
        await api('GET', `/v1/portal/groups/${tenant.groupId}`, { token: owner.token }),
        200,
      );
      expect(group).toMatchObject({ name: tenant.groupName, shared: true });
    }
    const membersB = expectStatus(await api('GET', '/v1/portal/members', { token: adminB.token }), 200)
      .items as { userId: string; role: string }[];
    expect(membersB.find((member) => member.userId === memberB.userId)?.role).toBe('MEMBER');
    const invitationsB = expectStatus(
      await api('GET', '/v1/portal/invitations', { token: adminB.token }),
      200,
    ).items as { invitationId: string }[];
    expect(invitationsB.map((invitation) => invitation.invitationId)).toContain(tenantB.invitationId);

    process.stdout.write(
      `[resilience] authorization matrix: routes=${routeList.length} personas=${PERSONAS.length} ` +
        `requests=${cells.length} asExpected=${cells.filter((cell) => !cell.problem).length} ` +
        `status401=${cells.filter((cell) => cell.status === 401).length} ` +
        `status403=${cells.filter((cell) => cell.status === 403).length} ` +
        `status404=${cells.filter((cell) => cell.status === 404).length} wallMs=${wallMs}\n`,
    );
  });
});

describe('mass assignment', () => {
  it('refuses privileged fields in every body as unknown, and changes nothing stored', async () => {
    // An address waiting for its code, and one nobody signed up with: the public routes' subjects.
    const waiting = await signedUpWithCode(fresh('waiting.'));
    const never = fresh('never.');
    const waitingUser = await awsClients(stack).cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: waiting.email }),
    );
    const waitingSub = waitingUser.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';

    const stored = [
      ...[limited, memberA, adminA, memberB, adminB].map((who) => keys.user(who.userId)),
      keys.user(waitingSub),
      keys.code(waiting.email),
      keys.code(never),
      keys.membership('org-acme', adminA.userId),
      keys.membership('org-acme', memberA.userId),
      keys.membership('org-northland-health', adminB.userId),
      keys.membership('org-northland-health', memberB.userId),
      keys.organization('org-acme'),
      keys.organization('org-northland-health'),
      keys.visibility('org-acme'),
      keys.group('org-acme', adminA.userId, tenantA.groupId),
    ];
    const read = () =>
      Promise.all(
        stored.map(async (key) => {
          const { Item } = await documents.send(
            new GetCommand({ TableName: stack.tableName, Key: key, ConsistentRead: true }),
          );
          return { key: `${key.pk} ${key.sk}`, item: Item ?? null };
        }),
      );
    const before = await read();
    expect(before.find((entry) => entry.key === `USER#${waitingSub} PROFILE`)?.item).toMatchObject({
      state: 'VERIFY_EMAIL',
    });

    const privileged: Record<(typeof PRIVILEGED_FIELDS)[number], string> = {
      organizationId: tenantB.organizationId,
      role: 'ADMINISTRATOR',
      accessLevel: 'FULL',
      userId: adminB.userId,
      state: 'ACTIVE',
    };
    // Each route with the persona allowed to call it, and a body that is valid but for the added fields.
    const bodies: Partial<
      Record<RouteId, { persona: Persona; params?: Record<string, string>; body: object }>
    > = {
      signUp: { persona: 'anonymous', body: person(never) },
      verifyEmail: { persona: 'anonymous', body: waiting },
      resendCode: { persona: 'anonymous', body: { email: waiting.email } },
      forgotPassword: { persona: 'anonymous', body: { email: never } },
      resetPassword: {
        persona: 'anonymous',
        body: { email: never, code: '000000', password: 'Another-Pass-42!' },
      },
      chooseAccessType: { persona: 'limited', body: { accessType: 'PARTNER' } },
      chooseLocale: { persona: 'limited', body: { locale: 'fr' } },
      changePassword: {
        persona: 'limited',
        body: { currentPassword: 'Not-The-Password-1!', newPassword: 'Another-Pass-42!' },
      },
      requestEmailChange: {
        persona: 'limited',
        body: { newEmail: 'somebody-new@matrix.example', currentPassword: 'Not-The-Password-1!' },
      },
      confirmEmailChange: {
        persona: 'limited',
        body: { newEmail: 'somebody-new@matrix.example', code: '000000' },
      },
      deleteAccount: { persona: 'limited', body: { currentPassword: 'Not-The-Password-1!' } },
      registerBusiness: { persona: 'limited', body: NEUTRAL_REGISTRATION },
      chooseOrganization: { persona: 'limited', body: { organizationId: 'org-acme' } },
      submitOrganizationRequest: { persona: 'limited', body: ORGANIZATION_REQUEST },
      decideOrganizationRequest: {
        persona: 'operator',
        params: { requestId },
        body: { outcome: 'APPROVE', note: 'mass assignment' },
      },
      createGroup: {
        persona: 'adminA',
        body: { name: 'Mass', definition: { kind: 'FAMILIES', families: [tenantA.family] } },
      },
      startExport: { persona: 'adminA', body: { format: 'csv' } },
      createOrganization: {
        persona: 'operator',
        body: {
          name: 'Mass Assignment Ltd',
          country: 'GB',
          address: { line1: '1 Privileged Row', city: 'London', postalCode: 'EC1A 1AA' },
          kind: 'CUSTOMER',
        },
      },
      updateOrganization: {
        persona: 'operator',
        params: { organizationId: tenantB.organizationId },
        body: { revision: 0, name: 'Renamed by mass assignment' },
      },
      updateGroup: { persona: 'adminA', params: { groupId: tenantA.groupId }, body: { name: 'Renamed' } },
      setVisibility: { persona: 'adminA', body: { sites: [], families: [] } },
      setMembershipPolicy: { persona: 'adminA', body: { policy: 'AUTOMATIC' } },
      declineJoinRequest: {
        persona: 'adminA',
        params: { userId: memberA.userId },
        body: { reason: 'Mass assignment' },
      },
      changeMemberRole: {
        persona: 'adminA',
        params: { userId: memberA.userId },
        body: { role: 'ADMINISTRATOR' },
      },
      leaveOrganization: { persona: 'memberA', body: { organizationId: tenantB.organizationId } },
      createInvitations: {
        persona: 'adminA',
        body: { invitations: [{ email: 'mass-assignment@acme.example', role: 'MEMBER' }] },
      },
      acceptInvitation: { persona: 'limited', body: { token: 'A'.repeat(43) } },
      chooseSupportDigest: { persona: 'memberA', body: { enabled: true } },
      unsubscribeDigest: { persona: 'anonymous', body: { token: 'bm90.YS10b2tlbg' } },
    };

    const started = Date.now();
    const refusals: { route: string; status: number; unknown: string[]; injected: string[] }[] = [];
    for (const route of routeList) {
      if (!route.body) continue;
      const call = bodies[route.id as RouteId];
      expect(call, `${route.id} takes a body: give it a mass-assignment case`).toBeDefined();
      if (!call) continue;
      // A field the route itself takes (organizationId of chooseOrganization, role of changeMemberRole) stays.
      const injected = PRIVILEGED_FIELDS.filter((field) => !(field in call.body));
      const answer = await api(route.method, pathOf(route.path, call.params ?? {}), {
        body: { ...call.body, ...Object.fromEntries(injected.map((field) => [field, privileged[field]])) },
        ...(tokenOf(call.persona) ? { token: tokenOf(call.persona) } : {}),
      });
      const errors = (answer.body.errors ?? []) as { pointer: string; detail: string }[];
      refusals.push({
        route: route.id,
        status: answer.status,
        unknown: errors
          .filter((error) => error.detail === 'is not a known field')
          .map((error) => error.pointer)
          .sort(),
        injected: injected.map((field) => `/${field}`).sort(),
      });
    }
    // The import route reads its own body ({ rows } JSON or CSV): a privileged field beside the rows refuses
    // the whole body; a row naming another organization is rejected as a row with an unknown field. Nothing
    // reaches either organization.
    const beside = await api('POST', `/v1/operator/organizations/${tenantB.organizationId}/imports/sites`, {
      token: operatorToken,
      body: { rows: [{ ...B_SITES[0]!, siteId: 'SMUGGLED-0' }], ...privileged },
    });
    expect(beside.status).toBe(400);
    const smuggledSite = { ...B_SITES[0]!, siteId: 'SMUGGLED-1', organizationId: 'org-acme' };
    const imported = expectStatus(
      await api('POST', `/v1/operator/organizations/${tenantB.organizationId}/imports/sites`, {
        token: operatorToken,
        body: { rows: [smuggledSite] },
      }),
      200,
    );
    expect(imported).toMatchObject({ created: 0, rejected: 1 });
    expect(imported.rejectedRows).toEqual([
      { row: 1, key: 'SMUGGLED-1', errors: [{ field: 'organizationId', detail: 'is not a known field' }] },
    ]);
    const wallMs = Date.now() - started;

    expect(refusals).toEqual(
      refusals.map((refusal) => ({ ...refusal, status: 400, unknown: refusal.injected })),
    );
    const after = await read();
    expect(after).toEqual(before);
    const smuggled = ['org-acme', 'org-northland-health'].flatMap((organizationId) =>
      ['SMUGGLED-0', 'SMUGGLED-1'].map((siteId) => keys.site(organizationId, siteId)),
    );
    for (const site of smuggled) {
      const { Item } = await documents.send(new GetCommand({ TableName: stack.tableName, Key: site }));
      expect(Item).toBeUndefined();
    }
    // The refused sign-up made no Cognito user; the refused verification left the code good for its owner.
    await expect(
      awsClients(stack).cognito.send(
        new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: never }),
      ),
    ).rejects.toBeInstanceOf(UserNotFoundException);
    expectStatus(await api('POST', '/v1/signup/verify', { body: waiting }), 200);

    process.stdout.write(
      `[resilience] mass assignment: bodyRoutes=${refusals.length} ` +
        `fieldsInjected=${refusals.reduce((sum, refusal) => sum + refusal.injected.length, 0)} ` +
        `refused400=${refusals.filter((refusal) => refusal.status === 400).length} ` +
        `storedItemsUnchanged=${after.length} wallMs=${wallMs}\n`,
    );
  });
});
