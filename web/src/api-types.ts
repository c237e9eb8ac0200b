/**
 * The shapes the Portico API answers, written by hand from docs/openapi.json (requests) and the views of
 * functions/core/use-cases (answers: account-view.ts, organization-request-view.ts, portal/portal-views.ts,
 * portal/get-summary.ts). Only what the web client reads is typed.
 */

export type OnboardingState =
  | 'VERIFY_EMAIL'
  | 'CHOOSE_ACCESS_TYPE'
  | 'REGISTER_BUSINESS'
  | 'PARTNER_REFERRED'
  | 'CHOOSE_ORGANIZATION'
  | 'ORGANIZATION_REQUIRED'
  | 'PENDING_ORGANIZATION'
  | 'ACTIVE';

export type AccessType = 'CUSTOMER_EMPLOYEE' | 'PARTNER';
export type MemberRole = 'MEMBER' | 'ADMINISTRATOR';
export type SupportStatus = 'ACTIVE' | 'EXPIRING' | 'EXPIRED';

export type ReviewStage =
  | 'SUBMITTED'
  | 'IN_REVIEW'
  | 'ESCALATED'
  | 'NEEDS_ATTENTION'
  | 'ACTIVATED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'MERGED'
  | 'CLOSED';

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
}

export interface SignUpBody {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  country: string;
}

export interface RegistrationBody {
  companyName: string;
  jobTitle: string;
  phone: string;
  address: PostalAddress;
  country: string;
}

export interface OrganizationRequestBody {
  legalName: string;
  address: PostalAddress;
  country: string;
  website: string;
  phone: string;
  taxId?: string;
  dunsNumber?: string;
}

export interface OrganizationRequestView {
  requestId: string;
  stage: ReviewStage;
  domain: string;
  organization: { legalName: string; country: string; website: string };
  submittedAt: string;
  decisionExpectedBy: string | null;
  expiresAt: string | null;
  outcome: { decision: string; decidedAt: string; reason?: string | null } | null;
  closedReason: string | null;
}

export interface PartnerLink {
  rel: string;
  title: string;
  href: string;
}

export interface Account {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  emailVerified: boolean;
  state: OnboardingState;
  accessLevel: 'LIMITED' | 'FULL';
  nextStep: { step: OnboardingState | 'OPEN_PORTAL'; method?: string; path?: string; description: string };
  accessType: AccessType | null;
  emailDomain: { domain: string; kind: 'WORK' | 'PERSONAL' | 'DISPOSABLE' };
  restrictions: { code: string; detail: string }[];
  registration: (RegistrationBody & { submittedAt: string }) | null;
  organization: { organizationId: string; name: string; role: MemberRole } | null;
  organizationRequest: OrganizationRequestView | null;
  partnerProgramme?: { programme: string; description: string; links: PartnerLink[] };
  partnerOrganization?: { organizationId: string; name: string } | null;
}

export interface OrganizationCandidate {
  organizationId: string;
  name: string;
  city: string;
  country: string;
}

export type RegistrationAnswer =
  | { outcome: 'ACTIVE' | 'ORGANIZATION_REQUIRED'; account: Account }
  | { outcome: 'CHOOSE_ORGANIZATION'; candidates: OrganizationCandidate[]; account: Account };

export interface Counts {
  total: number;
  active: number;
  expiring: number;
  expired: number;
}

export type GroupKind = 'PRODUCTS' | 'FAMILIES' | 'FAMILIES_AT_SITES';

export interface GroupEntry {
  groupId: string;
  name: string;
  kind: GroupKind;
  shared: boolean;
  mine: boolean;
}

export type GroupDefinition =
  | { kind: 'PRODUCTS'; serviceTags: string[] }
  | { kind: 'FAMILIES'; families: string[] }
  | { kind: 'FAMILIES_AT_SITES'; families: string[]; sites: string[] };

export interface Group extends GroupEntry {
  definition: GroupDefinition;
  createdAt: string;
  updatedAt: string;
}

export interface Summary {
  asOf: string;
  organization: { organizationId: string; name: string; city: string; country: string };
  member: { userId: string; firstName: string; lastName: string; role: MemberRole };
  scope: { sites: 'ALL' | number; families: 'ALL' | number };
  group?: GroupEntry;
  totals: Counts;
  bySite: { siteId: string; name: string; country: string; counts: Counts }[];
  byFamily: { family: string; counts: Counts }[];
  groups: GroupEntry[];
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface Site {
  siteId: string;
  name: string;
  address: string;
  city: string;
  country: string;
  counts: Counts;
}

export interface Product {
  serviceTag: string;
  model: string;
  family: string;
  siteId: string;
  supportEndDate: string;
  supportStatus: SupportStatus;
}

export type AllowList = 'ALL' | string[];

export interface VisibilityRules {
  sites: AllowList;
  families: AllowList;
  updatedAt?: string;
  updatedBy?: string;
  revision: number;
}

export interface Member {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: MemberRole;
  joinedAt: string;
}
