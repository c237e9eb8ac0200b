import type * as z from 'zod/mini';
import type { DeepReadonly, ResponsesOf, Schema } from './http/route';
import type { RouteId, routes } from './routes';

/**
 * The examples of the OpenAPI document: at least one per request body and per 2xx answer, typed against the
 * route's own schemas (a request example is what the body schema takes, an answer example what the response
 * schema gives) and parsed with them by test/unit/http/api-examples.test.ts. They live here, beside the route
 * list, rather than in the route modules, so no Lambda bundle carries them.
 */

export interface Example<T> {
  readonly summary: string;
  readonly value: DeepReadonly<T>;
}

type RouteOf<K extends RouteId> = (typeof routes)[K];
type BodyOf<K extends RouteId> = RouteOf<K>['body'] extends Schema ? z.input<RouteOf<K>['body']> : never;
type AnswersOf<K extends RouteId> = {
  readonly [Status in keyof ResponsesOf<RouteOf<K>>]: ResponsesOf<RouteOf<K>>[Status] extends Schema
    ? readonly Example<z.output<ResponsesOf<RouteOf<K>>[Status]>>[]
    : never;
};

export type RouteExamples<K extends RouteId> = {
  readonly responses: AnswersOf<K>;
} & (RouteOf<K>['body'] extends Schema
  ? { readonly request: readonly Example<BodyOf<K>>[] }
  : { readonly request?: undefined }) & {
    /** A body the handler reads itself: examples per media type (requestMediaTypes). */
    readonly requestMediaTypes?: Readonly<Record<string, readonly Example<unknown>[]>>;
  };

const T0 = '2026-11-02T09:14:07.512Z';
const T1 = '2026-11-02T09:21:45.030Z';
const T2 = '2026-11-04T16:02:11.904Z';

const address = { line1: 'Kurfürstendamm 21', city: 'Berlin', postalCode: '10719' };

const directoryOrganization = {
  organizationId: 'org-3b8e6f0a-51c2-4d7e-9f13-0a6c2d9e8b41',
  name: 'ACME Robotics GmbH',
  kind: 'CUSTOMER',
  status: 'ACTIVE',
  country: 'DE',
  city: 'Berlin',
  address,
  domains: ['acme-robotics.example'],
  divisionOf: 'ACME Group',
  revision: 1,
} as const;

const directoryCreated = {
  at: T0,
  event: 'CREATED',
  detail: 'ACME Robotics GmbH (CUSTOMER, ACTIVE)',
  by: 'operator@portico.example',
  revision: 0,
};

const directoryHistory = [
  {
    at: T1,
    event: 'DOMAIN_ADDED',
    detail: 'acme-robotics.example',
    by: 'operator@portico.example',
    revision: 1,
  },
  directoryCreated,
];

const activeAccount = {
  userId: '6f1c2a9e-3d4b-4c8e-9a51-2b7d0e4f8c13',
  email: 'ada.weber@acme-robotics.example',
  firstName: 'Ada',
  lastName: 'Weber',
  country: 'DE',
  locale: 'de',
  emailVerified: true,
  state: 'ACTIVE',
  accessLevel: 'FULL',
  nextStep: {
    step: 'OPEN_PORTAL',
    method: 'GET',
    path: '/v1/portal/summary',
    description: 'Your business account is active.',
  },
  accessType: 'CUSTOMER_EMPLOYEE',
  emailDomain: { domain: 'acme-robotics.example', kind: 'WORK' },
  restrictions: [],
  registration: {
    companyName: 'ACME Robotics GmbH',
    jobTitle: 'Maintenance lead',
    phone: '+49 30 1234567',
    address,
    country: 'DE',
    submittedAt: T1,
  },
  organization: {
    organizationId: 'org-acme-robotics',
    name: 'ACME Robotics',
    role: 'MEMBER',
    supportDigest: { enabled: false, isDefault: true },
  },
  organizationRequest: null,
  joinRequest: null,
  createdAt: T0,
  updatedAt: T1,
} as const;

const newAccount = {
  ...activeAccount,
  state: 'CHOOSE_ACCESS_TYPE',
  accessLevel: 'LIMITED',
  nextStep: {
    step: 'CHOOSE_ACCESS_TYPE',
    method: 'PUT',
    path: '/v1/me/access-type',
    description: 'Tell us whether you work for a customer organization or for a partner.',
  },
  accessType: null,
  registration: null,
  organization: null,
  updatedAt: T0,
} as const;

const registeringAccount = {
  ...newAccount,
  state: 'REGISTER_BUSINESS',
  nextStep: {
    step: 'REGISTER_BUSINESS',
    method: 'PUT',
    path: '/v1/me/registration',
    description: 'Submit your business registration details.',
  },
  accessType: 'CUSTOMER_EMPLOYEE',
} as const;

const organizationRequired = {
  ...registeringAccount,
  email: 'li.chen@harbour-logistics.example',
  firstName: 'Li',
  lastName: 'Chen',
  emailDomain: { domain: 'harbour-logistics.example', kind: 'WORK' },
  state: 'ORGANIZATION_REQUIRED',
  nextStep: {
    step: 'ORGANIZATION_REQUIRED',
    method: 'POST',
    path: '/v1/organization-requests',
    description: 'No organization uses your email domain yet: submit your organization for review.',
  },
  registration: { ...activeAccount.registration, companyName: 'Harbour Logistics Ltd' },
  updatedAt: T1,
} as const;

const requestDetails = {
  legalName: 'Harbour Logistics Ltd',
  address: { line1: '4 Quay Street', city: 'Bristol', postalCode: 'BS1 4DJ' },
  country: 'GB',
  website: 'https://harbour-logistics.example',
  phone: '+44 117 496 0123',
  taxId: 'GB123456789',
} as const;

const pendingAccount = {
  ...organizationRequired,
  state: 'PENDING_ORGANIZATION',
  nextStep: {
    step: 'PENDING_ORGANIZATION',
    method: 'GET',
    path: '/v1/me',
    description:
      'Your organization is being reviewed; we email you when it is decided. organizationRequest shows its stage.',
  },
  organizationRequest: {
    requestId: 'req-7b2e4f0c9d',
    stage: 'IN_REVIEW',
    domain: 'harbour-logistics.example',
    organization: {
      legalName: requestDetails.legalName,
      country: requestDetails.country,
      website: requestDetails.website,
    },
    submittedAt: T1,
    decisionExpectedBy: '2026-11-05T09:21:45.030Z',
    expiresAt: '2026-11-16T09:21:45.030Z',
    outcome: null,
    closedReason: null,
  },
} as const;

const operatorRequest = {
  requestId: 'req-7b2e4f0c9d',
  stage: 'IN_REVIEW',
  domain: 'harbour-logistics.example',
  organization: requestDetails,
  organizationId: 'org-req-7b2e4f0c9d',
  requesters: [
    {
      userId: '0d9e7a61-58c2-4f3b-b1e4-7a2c9f6d3e85',
      email: 'li.chen@harbour-logistics.example',
      firstName: 'Li',
      lastName: 'Chen',
      requestedAt: T1,
    },
  ],
  submittedAt: T1,
  updatedAt: T1,
  escalateAt: '2026-11-05T09:21:45.030Z',
  expiresAt: '2026-11-16T09:21:45.030Z',
  decision: null,
  mergedInto: null,
  closedReason: null,
  attention: null,
  history: [
    { at: T1, event: 'SUBMITTED', by: 'li.chen@harbour-logistics.example' },
    { at: T1, event: 'IN_REVIEW', detail: 'Reviewers notified' },
  ],
} as const;

const approvedRequest = {
  ...operatorRequest,
  stage: 'ACTIVATED',
  updatedAt: T2,
  decision: {
    outcome: 'APPROVED',
    note: 'Checked against the company register.',
    decidedBy: { userId: '3a7f0b2c-9e14-4d6a-8c53-1f2e7d9b0a46', email: 'sam.ops@portico.example' },
    decidedAt: T2,
  },
  history: [
    ...operatorRequest.history,
    { at: T2, event: 'APPROVED', by: 'sam.ops@portico.example' },
    { at: T2, event: 'ACTIVATED' },
  ],
} as const;

const counts = (active: number, expiring: number, expired: number) => ({
  total: active + expiring + expired,
  active,
  expiring,
  expired,
});

const product = {
  serviceTag: '7XK2P93',
  model: 'PowerEdge R760',
  family: 'Servers',
  siteId: 'BER-1',
  supportEndDate: '2027-01-31',
  supportStatus: 'EXPIRING',
} as const;

const site = {
  siteId: 'BER-1',
  name: 'Berlin plant',
  address: 'Kurfürstendamm 21',
  city: 'Berlin',
  country: 'DE',
  counts: counts(41, 6, 3),
} as const;

const groupEntry = {
  groupId: 'Xq3vR8kLm2Pz7sTa',
  name: 'Berlin servers',
  kind: 'FAMILIES_AT_SITES',
  shared: true,
  mine: true,
} as const;

const group = {
  ...groupEntry,
  definition: { kind: 'FAMILIES_AT_SITES', families: ['Servers'], sites: ['BER-1'] },
  createdAt: T1,
  updatedAt: T1,
} as const;

const member = {
  userId: '6f1c2a9e-3d4b-4c8e-9a51-2b7d0e4f8c13',
  email: 'ada.weber@acme-robotics.example',
  firstName: 'Ada',
  lastName: 'Weber',
  role: 'ADMINISTRATOR',
  joinedAt: T1,
} as const;

const colleague = {
  userId: '0c9d7e1a-52f3-4b6e-8d24-7a1e3f9b6c05',
  email: 'lena.koch@acme-robotics.example',
};
const administrator = { userId: member.userId, email: member.email };

const joinRequest = {
  userId: '9a4e6c2b-7d18-4f3a-b5c0-1e8d2f7a6b94',
  email: 'jonas.richter@acme-robotics.example',
  firstName: 'Jonas',
  lastName: 'Richter',
  jobTitle: 'Maintenance lead',
  requestedAt: T1,
} as const;

const invitation = {
  invitationId: 'q7Lr2cX9vKp4TnB8sWm1Za',
  email: 'jonas.richter@acme-robotics.example',
  role: 'MEMBER',
  allowOutsideDomain: false,
  invitedBy: administrator,
  invitedAt: T1,
  expiresAt: '2026-11-09T09:21:45.030Z',
} as const;

const auditLogPage = {
  items: [
    {
      entryId: 'Yw2kP9sQ1vR7tXb3',
      kind: 'ROLE_CHANGED',
      at: T2,
      actor: administrator,
      subject: colleague,
      details: { previousRole: 'MEMBER', role: 'ADMINISTRATOR' },
    },
    {
      entryId: 'Qm8fL2aZ6cN0hJd5',
      kind: 'VISIBILITY_CHANGED',
      at: T1,
      actor: administrator,
      details: { sites: ['BER-1', 'MUC-2'], families: 'ALL' },
    },
    {
      entryId: 'Ht4rB7eW3kS9uVx1',
      kind: 'MEMBER_JOINED',
      at: T0,
      actor: colleague,
      subject: colleague,
      details: { via: 'DOMAIN', role: 'MEMBER' },
    },
  ],
  cursor: 'MjAyNi0xMS0wMlQwOToxNDowNy41MTJaI0h0NHJCN2VXM2tTOXVWeDE',
} as const;

const visibility = {
  sites: ['BER-1', 'MUC-2'],
  families: 'ALL',
  updatedAt: T2,
  updatedBy: '6f1c2a9e-3d4b-4c8e-9a51-2b7d0e4f8c13',
  revision: 3,
} as const;

const codeSent = {
  status: 'CODE_SENT',
  detail: 'If this address can receive a code, one is on its way. Enter it at POST /v1/signup/verify.',
} as const;

const CURSOR = 'eyJwayI6Ik9SRyNvcmctYWNtZSJ9';

export const API_EXAMPLES: { readonly [K in RouteId]?: RouteExamples<K> } = {
  signUp: {
    request: [
      {
        summary: 'A person signs up with their work email',
        value: {
          email: 'ada.weber@acme-robotics.example',
          password: 'Correct-Horse-7-Battery',
          firstName: 'Ada',
          lastName: 'Weber',
          country: 'DE',
          locale: 'de',
        },
      },
    ],
    responses: { 202: [{ summary: 'The same answer for every address', value: codeSent }] },
  },
  verifyEmail: {
    request: [{ summary: 'The code from the email', value: { email: activeAccount.email, code: '482913' } }],
    responses: {
      200: [
        {
          summary: 'Verified: sign in and choose the access type',
          value: {
            email: activeAccount.email,
            emailVerified: true,
            state: 'CHOOSE_ACCESS_TYPE',
            accessLevel: 'LIMITED',
            nextStep: newAccount.nextStep,
          },
        },
      ],
    },
  },
  resendCode: {
    request: [{ summary: 'A fresh code, please', value: { email: activeAccount.email } }],
    responses: { 202: [{ summary: 'The same answer for every address', value: codeSent }] },
  },
  getAccount: {
    responses: {
      200: [
        { summary: 'Active in an organization', value: activeAccount },
        { summary: 'Waiting for the review of a new organization', value: pendingAccount },
      ],
    },
  },
  chooseLocale: {
    request: [{ summary: 'Emails and messages in French', value: { locale: 'fr' } }],
    responses: {
      200: [{ summary: 'The account, now in French', value: { ...activeAccount, locale: 'fr' } }],
    },
  },
  chooseAccessType: {
    request: [{ summary: 'A customer employee', value: { accessType: 'CUSTOMER_EMPLOYEE' } }],
    responses: { 200: [{ summary: 'Next: the business registration', value: registeringAccount }] },
  },
  registerBusiness: {
    request: [
      {
        summary: 'Registration details',
        value: {
          companyName: 'ACME Robotics GmbH',
          jobTitle: 'Maintenance lead',
          phone: '+49 30 1234567',
          address,
          country: 'DE',
        },
      },
    ],
    responses: {
      200: [
        {
          summary: 'One organization owns the domain: joined',
          value: { outcome: 'ACTIVE', account: activeAccount },
        },
        {
          summary: 'Several divisions share the domain: choose one',
          value: {
            outcome: 'CHOOSE_ORGANIZATION',
            candidates: [
              { organizationId: 'org-acme-robotics', name: 'ACME Robotics', city: 'Berlin', country: 'DE' },
              {
                organizationId: 'org-acme-robotics-us',
                name: 'ACME Robotics Inc.',
                city: 'Austin',
                country: 'US',
              },
            ],
            account: {
              ...registeringAccount,
              state: 'CHOOSE_ORGANIZATION',
              nextStep: {
                step: 'CHOOSE_ORGANIZATION',
                method: 'PUT',
                path: '/v1/me/organization',
                description:
                  'Several organizations use your email domain: choose the division you belong to.',
              },
              registration: activeAccount.registration,
            },
          },
        },
        {
          summary: 'No organization owns the domain: submit one for review',
          value: { outcome: 'ORGANIZATION_REQUIRED', account: organizationRequired },
        },
      ],
    },
  },
  chooseOrganization: {
    request: [{ summary: 'The Berlin division', value: { organizationId: 'org-acme-robotics' } }],
    responses: {
      200: [{ summary: 'Joined the division', value: { outcome: 'ACTIVE', account: activeAccount } }],
    },
  },
  submitOrganizationRequest: {
    request: [{ summary: 'A company nobody registered yet', value: requestDetails }],
    responses: {
      202: [{ summary: 'Submitted; the review started', value: pendingAccount }],
      200: [{ summary: 'Already submitted: the account as it is', value: pendingAccount }],
    },
  },
  listOrganizationRequests: {
    responses: {
      200: [
        { summary: 'The open requests, newest first', value: { items: [operatorRequest], nextCursor: null } },
      ],
    },
  },
  reconcileIdentities: {
    responses: {
      200: [
        {
          summary:
            'A whole pass and its sweep: one sign-in removed, one account suspended, its organization flagged',
          value: {
            checked: 412,
            removedIdentities: 1,
            suspendedAccounts: 1,
            liftedSuspensions: 0,
            backfilledAddressItems: 3,
            organizationsSwept: 57,
            organizationsWithoutUsableAdministrator: ['org-acme'],
            done: 5,
            failed: 0,
            unfinished: false,
            passCompleted: true,
          },
        },
        {
          summary: 'Stopped at its time budget: call again to go on',
          value: {
            checked: 5400,
            removedIdentities: 0,
            suspendedAccounts: 0,
            liftedSuspensions: 0,
            backfilledAddressItems: 0,
            organizationsSwept: 0,
            organizationsWithoutUsableAdministrator: [],
            done: 0,
            failed: 0,
            unfinished: true,
            passCompleted: false,
          },
        },
      ],
    },
  },
  getOrganizationRequest: {
    responses: { 200: [{ summary: 'A request under review', value: operatorRequest }] },
  },
  listOrganizations: {
    responses: {
      200: [
        {
          summary: 'Names beginning with "acme"',
          value: { items: [directoryOrganization], nextCursor: null },
        },
      ],
    },
  },
  createOrganization: {
    request: [
      {
        summary: 'A customer, active at once',
        value: {
          name: 'ACME Robotics GmbH',
          country: 'DE',
          address,
          kind: 'CUSTOMER',
          status: 'ACTIVE',
          divisionOf: 'ACME Group',
        },
      },
    ],
    responses: {
      201: [
        {
          summary: 'Created, no domains yet',
          value: {
            ...directoryOrganization,
            domains: [],
            revision: 0,
            history: [directoryCreated],
          },
        },
      ],
    },
  },
  getOrganization: {
    responses: {
      200: [{ summary: 'With its history', value: { ...directoryOrganization, history: directoryHistory } }],
    },
  },
  updateOrganization: {
    request: [
      { summary: 'Add a domain', value: { revision: 0, addDomains: ['acme-robotics.example'] } },
      { summary: 'Deactivate', value: { revision: 1, status: 'SUSPENDED' } },
      { summary: 'Mark it a division of a group', value: { revision: 1, divisionOf: 'ACME Group' } },
    ],
    responses: {
      200: [
        {
          summary: 'The domain added; two people waiting for it emailed',
          value: { ...directoryOrganization, history: directoryHistory, notified: 2 },
        },
      ],
    },
  },
  listSuppressedAddresses: {
    responses: {
      200: [
        {
          summary: 'A hard bounce and a complaint, newest first',
          value: {
            items: [
              {
                email: 'former.employee@acme-robotics.example',
                reason: 'BOUNCE',
                detail: 'General',
                at: T2,
                feedbackId: '0102018c2f1e8a41-6b1f1a2e-0c5d-4e8f-9d77-3a1b2c3d4e5f-000000',
              },
              {
                email: 'ada.weber@acme-robotics.example',
                reason: 'COMPLAINT',
                detail: 'abuse',
                at: T1,
                feedbackId: '0102018c2f0b7c33-9e2d4f6a-1b3c-4d5e-8f90-a1b2c3d4e5f6-000000',
              },
            ],
            nextCursor: null,
          },
        },
      ],
    },
  },
  decideOrganizationRequest: {
    request: [
      { summary: 'Approve', value: { outcome: 'APPROVE', note: 'Checked against the company register.' } },
      {
        summary: 'Reject, with the reason the requesters see',
        value: { outcome: 'REJECT', reason: 'Not a customer.' },
      },
    ],
    responses: {
      201: [{ summary: 'Approved: the organization is active', value: approvedRequest }],
      200: [{ summary: 'The same decision again: nothing changed', value: approvedRequest }],
    },
  },
  getPortalSummary: {
    responses: {
      200: [
        {
          summary: 'Everything the member may see',
          value: {
            asOf: '2026-11-04',
            organization: {
              organizationId: 'org-acme-robotics',
              name: 'ACME Robotics',
              city: 'Berlin',
              country: 'DE',
            },
            member: { userId: member.userId, firstName: 'Ada', lastName: 'Weber', role: 'ADMINISTRATOR' },
            scope: { sites: 'ALL', families: 'ALL' },
            totals: counts(58, 7, 5),
            bySite: [
              { siteId: 'BER-1', name: 'Berlin plant', country: 'DE', counts: counts(41, 6, 3) },
              { siteId: 'MUC-2', name: 'Munich depot', country: 'DE', counts: counts(17, 1, 2) },
            ],
            byFamily: [
              { family: 'Servers', counts: counts(30, 5, 1) },
              { family: 'Storage', counts: counts(28, 2, 4) },
            ],
            groups: [groupEntry],
          },
        },
      ],
    },
  },
  listSites: {
    responses: { 200: [{ summary: 'A page with more to come', value: { items: [site], cursor: CURSOR } }] },
  },
  listProducts: {
    responses: { 200: [{ summary: 'The last page', value: { items: [product] } }] },
  },
  getProduct: {
    responses: { 200: [{ summary: 'A product whose support ends soon', value: product }] },
  },
  listGroups: {
    responses: { 200: [{ summary: 'One shared group', value: { items: [group] } }] },
  },
  createGroup: {
    request: [
      {
        summary: 'Servers at the Berlin plant, shared',
        value: { name: 'Berlin servers', shared: true, definition: group.definition },
      },
    ],
    responses: { 201: [{ summary: 'The group as stored', value: group }] },
  },
  getGroup: {
    responses: { 200: [{ summary: 'A shared group', value: group }] },
  },
  updateGroup: {
    request: [{ summary: 'Rename it', value: { name: 'Berlin plant servers' } }],
    responses: {
      200: [{ summary: 'Renamed', value: { ...group, name: 'Berlin plant servers', updatedAt: T2 } }],
    },
  },
  getVisibility: {
    responses: { 200: [{ summary: 'Members see two sites', value: visibility }] },
  },
  setVisibility: {
    request: [{ summary: 'Two sites, every family', value: { sites: ['BER-1', 'MUC-2'], families: 'ALL' } }],
    responses: { 200: [{ summary: 'The rules as stored', value: visibility }] },
  },
  listMembers: {
    responses: { 200: [{ summary: 'The last page', value: { items: [member] } }] },
  },
  changeMemberRole: {
    request: [{ summary: 'Promote to administrator', value: { role: 'ADMINISTRATOR' } }],
    responses: { 200: [{ summary: 'The member with the new role', value: member }] },
  },
  removeMember: {
    responses: {
      200: [
        {
          summary: 'Removed, with their two groups',
          value: { userId: colleague.userId, outcome: 'REMOVED', groupsDeleted: 2 },
        },
      ],
    },
  },
  leaveOrganization: {
    request: [{ summary: 'Leave ACME Robotics', value: { organizationId: 'org-acme-robotics' } }],
    responses: {
      200: [
        {
          summary: 'Left: limited access, the registration kept',
          value: {
            outcome: 'LEFT',
            groupsDeleted: 0,
            account: {
              ...registeringAccount,
              registration: activeAccount.registration,
              updatedAt: T1,
            },
          },
        },
      ],
    },
  },
  chooseSupportDigest: {
    request: [{ summary: 'Receive the weekly digest', value: { enabled: true } }],
    responses: { 200: [{ summary: 'The choice saved', value: { enabled: true, isDefault: false } }] },
  },
  unsubscribeDigest: {
    request: [
      {
        summary: "The token of a digest's unsubscribe link",
        value: {
          token:
            'eyJvIjoib3JnLWFjbWUtcm9ib3RpY3MiLCJ1IjoiNmYxYzJhOWUtM2Q0Yi00YzhlLTlhNTEtMmI3ZDBlNGY4YzEzIn0.q3Kx0lYwF6yS1b6mVv0tq2cC2e3yK9kq5i7rNw7cFfA',
        },
      },
    ],
    responses: { 200: [{ summary: 'The digest is off', value: { unsubscribed: true } }] },
  },
  getMembershipPolicy: {
    responses: {
      200: [{ summary: 'Join requests decided by administrators', value: { policy: 'APPROVAL' } }],
    },
  },
  setMembershipPolicy: {
    request: [{ summary: 'Administrators approve who joins', value: { policy: 'APPROVAL' } }],
    responses: { 200: [{ summary: 'The policy as stored', value: { policy: 'APPROVAL' } }] },
  },
  listJoinRequests: {
    responses: { 200: [{ summary: 'One person waiting', value: { items: [joinRequest] } }] },
  },
  approveJoinRequest: {
    responses: {
      200: [
        {
          summary: 'The person joined as a member',
          value: { userId: joinRequest.userId, outcome: 'APPROVED', role: 'MEMBER' },
        },
      ],
    },
  },
  createInvitations: {
    request: [
      {
        summary: 'A colleague, and a contractor outside the domains',
        value: {
          invitations: [
            { email: invitation.email, role: 'MEMBER' },
            { email: 'sam.ortiz@fieldservice.example', role: 'MEMBER', allowOutsideDomain: true },
          ],
        },
      },
    ],
    responses: {
      201: [
        {
          summary: 'Both invited and emailed',
          value: {
            items: [
              invitation,
              {
                ...invitation,
                invitationId: 'Vb3nQ8xR1mZs6KdT0pYw4e',
                email: 'sam.ortiz@fieldservice.example',
                allowOutsideDomain: true,
              },
            ],
          },
        },
      ],
    },
  },
  listInvitations: {
    responses: { 200: [{ summary: 'One invitation waiting', value: { items: [invitation] } }] },
  },
  resendInvitation: {
    responses: {
      200: [
        {
          summary: 'Sent again: a new link, valid 7 more days',
          value: { ...invitation, expiresAt: '2026-11-11T16:02:11.904Z' },
        },
      ],
    },
  },
  revokeInvitation: {
    responses: {
      200: [{ summary: 'Revoked', value: { invitationId: invitation.invitationId, outcome: 'REVOKED' } }],
    },
  },
  acceptInvitation: {
    request: [
      {
        summary: 'The token of the emailed link',
        value: { token: 'mC4x0P9qRz7TtLwY2bVn8KdA1sEf6GhJ3kUo5iQy-_w' },
      },
    ],
    responses: {
      200: [
        {
          summary: 'Joined ACME Robotics as a member',
          value: { outcome: 'ACTIVE', account: { ...activeAccount, registration: null, updatedAt: T2 } },
        },
      ],
    },
  },
  declineJoinRequest: {
    request: [
      { summary: 'With a reason', value: { reason: 'Contractors get access through their own company.' } },
      { summary: 'Without a reason', value: {} },
    ],
    responses: {
      200: [{ summary: 'Declined', value: { userId: joinRequest.userId, outcome: 'DECLINED' } }],
    },
  },
  listAuditLog: {
    responses: { 200: [{ summary: 'A page of three entries, newest first', value: auditLogPage }] },
  },
  listOrganizationAuditLog: {
    responses: { 200: [{ summary: 'The same log, as an operator reads it', value: auditLogPage }] },
  },
  forgotPassword: {
    request: [{ summary: 'A person who forgot their password', value: { email: activeAccount.email } }],
    responses: {
      202: [
        {
          summary: 'The same answer for every address',
          value: {
            status: 'CODE_SENT',
            detail:
              'If this address has a Portico account, a reset code is on its way. Enter it with a new password at POST /v1/password/reset.',
          },
        },
      ],
    },
  },
  resetPassword: {
    request: [
      {
        summary: 'The emailed code and a new password',
        value: { email: activeAccount.email, code: '482913', password: 'Another-Horse-8-Battery' },
      },
    ],
    responses: {
      200: [
        {
          summary: 'Changed; every session is signed out',
          value: { status: 'PASSWORD_RESET', detail: 'Your password is changed. Sign in with the new one.' },
        },
      ],
    },
  },
  changePassword: {
    request: [
      {
        summary: 'The current password and a new one',
        value: { currentPassword: 'Correct-Horse-7-Battery', newPassword: 'Another-Horse-8-Battery' },
      },
    ],
    responses: {
      200: [
        {
          summary: 'Changed; every session is signed out',
          value: {
            status: 'PASSWORD_CHANGED',
            detail: 'Your password is changed. Sign in with the new one.',
          },
        },
      ],
    },
  },
  signOutEverywhere: {
    responses: {
      200: [
        {
          summary: 'Every session is signed out',
          value: { status: 'SIGNED_OUT', detail: 'Every session is signed out. Sign in again to go on.' },
        },
      ],
    },
  },
  requestEmailChange: {
    request: [
      {
        summary: 'The new address, and the current password',
        value: { newEmail: 'ada.weber@acme-automation.example', currentPassword: 'Correct-Horse-7-Battery' },
      },
    ],
    responses: {
      202: [
        {
          summary: 'A code went to the new address',
          value: {
            status: 'CODE_SENT',
            newEmail: 'ada.weber@acme-automation.example',
            detail:
              'We emailed a code to ada.weber@acme-automation.example. Enter it to make it your address; until then nothing changes.',
          },
        },
      ],
    },
  },
  confirmEmailChange: {
    request: [
      {
        summary: 'The code from the email to the new address',
        value: { newEmail: 'ada.weber@acme-automation.example', code: '604219' },
      },
    ],
    responses: {
      200: [
        {
          summary: 'The same organization owns the new domain: nothing else moved',
          value: {
            status: 'EMAIL_CHANGED',
            detail:
              'Your email address is now ada.weber@acme-automation.example. Every session was signed out: sign in again with it.',
            account: {
              ...activeAccount,
              email: 'ada.weber@acme-automation.example',
              emailDomain: { domain: 'acme-automation.example', kind: 'WORK' },
              updatedAt: T2,
            },
          },
        },
        {
          summary: 'No organization owns the new domain: the person left theirs and may request one',
          value: {
            status: 'EMAIL_CHANGED',
            detail:
              'Your email address is now ada@weber-consulting.example. Every session was signed out: sign in again with it.',
            account: {
              ...organizationRequired,
              userId: activeAccount.userId,
              email: 'ada@weber-consulting.example',
              firstName: 'Ada',
              lastName: 'Weber',
              emailDomain: { domain: 'weber-consulting.example', kind: 'WORK' },
              registration: activeAccount.registration,
              updatedAt: T2,
            },
          },
        },
      ],
    },
  },
  deleteAccount: {
    request: [{ summary: 'The current password', value: { currentPassword: 'Correct-Horse-7-Battery' } }],
    responses: {
      200: [
        {
          summary: 'Erased',
          value: {
            status: 'ACCOUNT_DELETED',
            detail:
              'Your account and everything Portico kept about you were deleted, and you were signed out. You can sign up again at any time.',
          },
        },
      ],
    },
  },
  exportData: {
    responses: {
      200: [
        {
          summary: 'A member of an organization',
          value: {
            exportedAt: T2,
            account: {
              userId: activeAccount.userId,
              email: activeAccount.email,
              emailDomain: 'acme-robotics.example',
              emailDomainKind: 'WORK',
              firstName: 'Ada',
              lastName: 'Weber',
              country: 'DE',
              state: 'ACTIVE',
              accessType: 'CUSTOMER_EMPLOYEE',
              organizationId: 'org-acme-robotics',
              organizationName: 'ACME Robotics',
              role: 'MEMBER',
              createdAt: T0,
              updatedAt: T1,
            },
            membership: {
              organizationId: 'org-acme-robotics',
              organizationName: 'ACME Robotics',
              role: 'MEMBER',
              joinedAt: T1,
            },
            groups: [
              {
                groupId: 'grp-7Hc2kQ9xW1',
                name: 'Berlin servers',
                shared: false,
                definition: { kind: 'FAMILIES_AT_SITES', families: ['Servers'], sites: ['BER-1'] },
                createdAt: T1,
                updatedAt: T1,
              },
            ],
            organizationRequest: null,
            emailCodes: { email: activeAccount.email, sentAt: [T0] },
            passwordAttempts: null,
            notKept: ['The emails sent to you: Portico keeps no copy of them.'],
          },
        },
      ],
    },
  },
  exportProducts: {
    responses: {
      200: [
        {
          summary: 'format=json: one product',
          value: {
            asOf: '2026-11-04',
            count: 1,
            items: [
              {
                serviceTag: product.serviceTag,
                model: product.model,
                family: product.family,
                siteId: product.siteId,
                siteName: 'Berlin plant',
                city: 'Berlin',
                country: 'DE',
                supportEndDate: product.supportEndDate,
                supportStatus: product.supportStatus,
              },
            ],
          },
        },
      ],
    },
  },
  startExport: {
    request: [
      { summary: 'Everything the caller may see, as CSV', value: { format: 'csv' } },
      {
        summary: 'Expiring products of one family, soonest first, as JSON',
        value: { format: 'json', family: 'PowerEdge', status: 'EXPIRING', sort: 'supportEndDate' },
      },
    ],
    responses: {
      202: [
        {
          summary: 'Queued',
          value: {
            exportId: '3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40',
            state: 'QUEUED',
            format: 'csv',
            createdAt: T0,
            expiresAt: '2026-11-09T09:14:07.512Z',
          },
        },
      ],
    },
  },
  getExport: {
    responses: {
      200: [
        {
          summary: 'Ready: a link that works for 15 minutes',
          value: {
            exportId: '3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40',
            state: 'SUCCEEDED',
            format: 'csv',
            family: 'PowerEdge',
            createdAt: T0,
            startedAt: '2026-11-02T09:14:07.901Z',
            finishedAt: '2026-11-02T09:14:12.377Z',
            expiresAt: '2026-11-09T09:14:07.512Z',
            count: 50000,
            bytes: 4718233,
            asOf: '2026-11-02',
            download: {
              url:
                'https://portico-exports.s3.eu-central-1.amazonaws.com/exports/org-acme/3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40/products.csv' +
                '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=5d2f0c8e6b1a4f3e9c7d2b8a0f6e4c1d3b5a7e9f2c4d6b8a0e1f3c5d7b9a2e4f',
              fileName: 'products-2026-11-02.csv',
              expiresAt: '2026-11-02T09:36:45.030Z',
            },
          },
        },
        {
          summary: 'Still being written',
          value: {
            exportId: '3f8e2a10-5c4b-4d7e-9a21-6b0c1d2e3f40',
            state: 'RUNNING',
            format: 'json',
            createdAt: T0,
            startedAt: '2026-11-02T09:14:07.901Z',
            expiresAt: '2026-11-09T09:14:07.512Z',
          },
        },
      ],
    },
  },
  importPortalData: {
    requestMediaTypes: {
      'application/json': [
        {
          summary: 'Two products',
          value: {
            rows: [
              product,
              {
                serviceTag: '9QF4T21',
                model: 'PowerStore 500T',
                family: 'Storage',
                siteId: 'MUC-2',
                supportEndDate: '2028-06-30',
              },
            ].map(({ serviceTag, model, family, siteId, supportEndDate }) => ({
              serviceTag,
              model,
              family,
              siteId,
              supportEndDate,
            })),
          },
        },
      ],
      'text/csv': [
        {
          summary: 'Two sites',
          value:
            'siteId,name,address,city,country\n' +
            'BER-1,Berlin plant,Kurfürstendamm 21,Berlin,DE\n' +
            'MUC-2,Munich depot,Leopoldstraße 8,München,DE\n',
        },
      ],
    },
    responses: {
      200: [
        {
          summary: 'One row refused',
          value: {
            organizationId: 'org-acme-robotics',
            kind: 'products',
            received: 3,
            created: 1,
            updated: 1,
            unchanged: 0,
            rejected: 1,
            rejectedRows: [
              {
                row: 3,
                key: '5ZZ0A11',
                errors: [
                  { field: 'siteId', detail: 'is not a site of org-acme-robotics; import the site first' },
                ],
              },
            ],
          },
        },
      ],
    },
  },
};
