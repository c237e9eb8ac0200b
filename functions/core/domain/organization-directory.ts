import type { PostalAddress } from './account';
import type { EmailDomainKind } from './email-domain-kind';
import type { Organization } from './organization';
import type { Operator } from './organization-request';

/**
 * The organization directory that operators curate: organizations created directly (not only born from a
 * review), their profile, status and email domains, and which of them are divisions of one group. Pure rules;
 * the use cases (use-cases/operator/organization-directory.ts) read and write through the ports.
 */

/** What an operator gives to create an organization. */
export interface NewOrganization {
  readonly name: string;
  readonly country: string;
  readonly address: PostalAddress;
  readonly kind: Organization['kind'];
  /** ACTIVE accepts members at once; SUSPENDED is created closed. */
  readonly status: 'ACTIVE' | 'SUSPENDED';
  readonly divisionOf?: string | undefined;
}

/** An operator's edit: only the fields given change; `divisionOf: null` makes it a division of nothing. */
export interface OrganizationEdit {
  readonly name?: string | undefined;
  readonly country?: string | undefined;
  readonly address?: PostalAddress | undefined;
  readonly kind?: Organization['kind'] | undefined;
  /** SUSPENDED deactivates (members keep their accounts, the portal refuses them); ACTIVE reactivates. */
  readonly status?: 'ACTIVE' | 'SUSPENDED' | undefined;
  readonly divisionOf?: string | null | undefined;
  readonly addDomains?: readonly string[] | undefined;
  readonly removeDomains?: readonly string[] | undefined;
}

/** One line of an organization's history in the directory. */
export interface DirectoryEvent {
  readonly organizationId: string;
  readonly at: string;
  /** CREATED, UPDATED, DEACTIVATED, REACTIVATED, DOMAIN_ADDED, DOMAIN_REMOVED, DIVISION_MARKED, DIVISION_UNMARKED */
  readonly event: string;
  readonly detail?: string | undefined;
  /** The operator's email. */
  readonly by: string;
  /** The organization's revision this change produced. */
  readonly revision: number;
}

/**
 * How a name is searched: lower case, accents and punctuation dropped, spaces collapsed, so `Müller-Werke`
 * is found by `muller w`. Also the sort key of the directory's name list.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A domain as stored: lower case, without a trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

export function createdOrganization(organizationId: string, input: NewOrganization): Organization {
  return {
    organizationId,
    name: input.name.trim(),
    kind: input.kind,
    status: input.status,
    city: input.address.city,
    country: input.country,
    address: input.address,
    domains: [],
    ...(input.divisionOf ? { divisionOf: input.divisionOf.trim() } : {}),
    revision: 0,
  };
}

/** Why a domain cannot be added (or a group changed); `owners` are the organizations in the way. */
export type DomainRefusal =
  | { readonly reason: 'NOT_A_WORK_DOMAIN'; readonly domain: string; readonly kind: EmailDomainKind }
  | {
      readonly reason: 'OWNED_OUTSIDE_GROUP';
      readonly domain: string;
      readonly owners: readonly Pick<Organization, 'organizationId' | 'name' | 'divisionOf'>[];
    };

/**
 * A domain may belong to several organizations only as divisions of one group: every other owner must be a
 * division of the same group as `organization` (which must be a division itself).
 */
export function sharingRefusal(
  organization: Pick<Organization, 'organizationId' | 'divisionOf'>,
  domain: string,
  owners: readonly Organization[],
): DomainRefusal | undefined {
  const others = owners.filter((owner) => owner.organizationId !== organization.organizationId);
  const outside = others.filter(
    (owner) => organization.divisionOf === undefined || owner.divisionOf !== organization.divisionOf,
  );
  if (outside.length === 0) return undefined;
  return {
    reason: 'OWNED_OUTSIDE_GROUP',
    domain,
    owners: outside.map(({ organizationId, name, divisionOf }) => ({ organizationId, name, divisionOf })),
  };
}

export interface AppliedEdit {
  readonly organization: Organization;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly events: readonly DirectoryEvent[];
}

/** The organization after an edit, the domains it gains and loses, and the history lines; undefined: no change. */
export function applyEdit(
  current: Organization,
  edit: OrganizationEdit,
  operator: Operator,
  now: Date,
): AppliedEdit | undefined {
  const at = now.toISOString();
  const revision = (current.revision ?? 0) + 1;
  const events: DirectoryEvent[] = [];
  const event = (name: string, detail?: string) =>
    events.push({
      organizationId: current.organizationId,
      at,
      event: name,
      detail,
      by: operator.email,
      revision,
    });

  const profileChanges: string[] = [];
  const name = edit.name?.trim() ?? current.name;
  if (name !== current.name) profileChanges.push(`name: ${current.name} → ${name}`);
  const country = edit.country ?? current.country;
  if (country !== current.country) profileChanges.push(`country: ${current.country} → ${country}`);
  const kind = edit.kind ?? current.kind;
  if (kind !== current.kind) profileChanges.push(`kind: ${current.kind} → ${kind}`);
  const address = edit.address ?? current.address;
  if (edit.address && JSON.stringify(edit.address) !== JSON.stringify(current.address)) {
    profileChanges.push('address');
  }
  if (profileChanges.length > 0) event('UPDATED', profileChanges.join('; '));

  const status = edit.status ?? current.status;
  if (status !== current.status) event(status === 'SUSPENDED' ? 'DEACTIVATED' : 'REACTIVATED');

  const divisionOf =
    edit.divisionOf === undefined
      ? current.divisionOf
      : edit.divisionOf === null
        ? undefined
        : edit.divisionOf.trim();
  if (divisionOf !== current.divisionOf) {
    event(
      divisionOf === undefined ? 'DIVISION_UNMARKED' : 'DIVISION_MARKED',
      divisionOf ?? current.divisionOf,
    );
  }

  const removed = [...new Set((edit.removeDomains ?? []).map(normalizeDomain))].filter((domain) =>
    current.domains.includes(domain),
  );
  const added = [...new Set((edit.addDomains ?? []).map(normalizeDomain))].filter(
    (domain) => !current.domains.includes(domain) && !removed.includes(domain),
  );
  for (const domain of added) event('DOMAIN_ADDED', domain);
  for (const domain of removed) event('DOMAIN_REMOVED', domain);
  if (events.length === 0) return undefined;

  const organization: Organization = {
    ...current,
    name,
    country,
    kind,
    status,
    city: address?.city ?? current.city,
    address,
    divisionOf,
    domains: [...current.domains.filter((domain) => !removed.includes(domain)), ...added],
    revision,
  };
  if (organization.address === undefined) delete (organization as { address?: unknown }).address;
  if (organization.divisionOf === undefined) delete (organization as { divisionOf?: unknown }).divisionOf;
  return { organization, added, removed, events };
}

/** The first history line of an organization created in the directory. */
export function creationEvent(organization: Organization, operator: Operator, now: Date): DirectoryEvent {
  return {
    organizationId: organization.organizationId,
    at: now.toISOString(),
    event: 'CREATED',
    detail: `${organization.name} (${organization.kind}, ${organization.status})`,
    by: operator.email,
    revision: 0,
  };
}

/** Whether an organization's members may use the portal: not while it is deactivated. */
export function admitsMembers(organization: Pick<Organization, 'status'>): boolean {
  return organization.status !== 'SUSPENDED';
}
