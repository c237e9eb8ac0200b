import type { MemberRole, PostalAddress } from './account';
import type { MembershipPolicy } from './membership-policy';

/** An organization profile: a customer (or partner) company, or one division of a large one. */
export interface Organization {
  readonly organizationId: string;
  readonly name: string;
  readonly kind: 'CUSTOMER' | 'PARTNER';
  readonly status: 'ACTIVE' | 'PENDING' | 'SUSPENDED';
  readonly city: string;
  readonly country: string;
  /** Email domains whose owners belong to this organization. Several organizations may share a domain. */
  readonly domains: readonly string[];
  /** Its postal address, when known (organizations created in the directory; city is `city`). */
  readonly address?: PostalAddress | undefined;
  /**
   * The group this organization is a division of (a name operators choose, e.g. `ACME Group`). Only divisions of
   * one group may share an email domain (organization-directory.ts); the division picker shows it.
   */
  readonly divisionOf?: string | undefined;
  /**
   * How people whose email domain the organization owns join it (domain/membership-policy.ts); absent means
   * AUTOMATIC. Set by its administrators; kept on the profile and its domain copies alike.
   */
  readonly membershipPolicy?: MembershipPolicy | undefined;
  /** Operator edits count up from 0 (absent: never edited); each edit is conditional on the one it read. */
  readonly revision?: number | undefined;
  /**
   * How many members are administrators. Kept on the profile item only (absent until the first one joins);
   * the copies found through the email-domain index do not carry it, so read the profile to decide a role.
   */
  readonly administratorCount?: number | undefined;
  /** How many members the organization has (administrators included); on the profile item only, as above. */
  readonly memberCount?: number | undefined;
}

/**
 * The first person to join an organization that has no administrator becomes its administrator; everyone after
 * that joins as a member. `organization` must be the profile (see `administratorCount`).
 */
export function roleOnJoining(organization: Organization): MemberRole {
  return (organization.administratorCount ?? 0) > 0 ? 'MEMBER' : 'ADMINISTRATOR';
}

/** What a person choosing between divisions may see: no member data. */
export interface OrganizationCandidate {
  readonly organizationId: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
}

export type OrganizationMatch =
  | { readonly outcome: 'SINGLE'; readonly organization: Organization }
  | { readonly outcome: 'SEVERAL'; readonly candidates: readonly OrganizationCandidate[] }
  | { readonly outcome: 'NONE' };

export function toCandidate(organization: Organization): OrganizationCandidate {
  const { organizationId, name, city, country } = organization;
  return { organizationId, name, city, country };
}

/**
 * The organizations of one kind that a person with the domain may join: only active ones accept members
 * (customers for a business account, partners for the partner path); candidates are listed by name.
 */
export function matchOrganizations(
  owners: readonly Organization[],
  kind: Organization['kind'] = 'CUSTOMER',
): OrganizationMatch {
  const active = owners.filter(
    (organization) => organization.status === 'ACTIVE' && organization.kind === kind,
  );
  const [only] = active;
  if (active.length === 1 && only) return { outcome: 'SINGLE', organization: only };
  if (active.length === 0) return { outcome: 'NONE' };
  const candidates = active.map(toCandidate).sort((a, b) => a.name.localeCompare(b.name));
  return { outcome: 'SEVERAL', candidates };
}
