import { randomUUID } from 'node:crypto';
import type { Organization } from '../../domain/organization';
import {
  createdOrganization,
  creationEvent,
  normalizeDomain,
  type DirectoryEvent,
  type NewOrganization,
} from '../../domain/organization-directory';
import type { Operator } from '../../domain/organization-request';
import { NotFoundError, ValidationError } from '../../errors';
import { InvalidCursorError, type OrganizationCatalogue } from '../../ports';
import type { Dependencies } from '../dependencies';
import * as problemDetails from '../../i18n/details/compiled/index';

/** How many history lines an organization's page shows. */
export const DIRECTORY_HISTORY_LINES = 50;

export interface DirectoryReads {
  readonly organizations: OrganizationCatalogue;
}

/** An organization as operators see it in the directory. */
export function directoryView(organization: Organization) {
  return {
    organizationId: organization.organizationId,
    name: organization.name,
    kind: organization.kind,
    status: organization.status,
    country: organization.country,
    city: organization.city,
    address: organization.address ?? null,
    domains: [...organization.domains],
    divisionOf: organization.divisionOf ?? null,
    revision: organization.revision ?? 0,
  };
}

export function historyView(events: readonly DirectoryEvent[]) {
  return events.map(({ at, event, detail, by, revision }) => ({
    at,
    event,
    detail: detail ?? null,
    by,
    revision,
  }));
}

/** Creates an organization directly (no review): no domains yet, which an edit adds. */
export async function createDirectoryOrganization(
  deps: Pick<Dependencies, 'organizations' | 'clock'>,
  input: NewOrganization,
  operator: Operator,
) {
  const organization = createdOrganization(`org-${randomUUID()}`, input);
  const created = creationEvent(organization, operator, deps.clock.now());
  await deps.organizations.createOrganization(organization, created);
  return { ...directoryView(organization), history: historyView([created]) };
}

/** The directory by name prefix (all by name without one), or the organizations owning one email domain. */
export async function listDirectory(
  deps: DirectoryReads,
  query: {
    readonly name?: string | undefined;
    readonly domain?: string | undefined;
    readonly limit: number;
    readonly cursor?: string | undefined;
  },
) {
  if (query.domain !== undefined) {
    const owners = await deps.organizations.findByEmailDomain(normalizeDomain(query.domain));
    const items = owners.sort((a, b) => a.name.localeCompare(b.name)).map(directoryView);
    return { items, nextCursor: null };
  }
  try {
    const page = await deps.organizations.listByName({
      prefix: query.name ?? '',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(directoryView), nextCursor: page.cursor ?? null };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ValidationError('The cursor is not valid for this list.', [
        { pointer: 'query:/cursor', detail: 'is not a cursor this list issued' },
      ]).keyed(problemDetails.cursorInvalid);
    }
    throw error;
  }
}

export async function loadOrganization(deps: DirectoryReads, organizationId: string): Promise<Organization> {
  const organization = await deps.organizations.getOrganization(organizationId);
  if (!organization)
    throw new NotFoundError(`There is no organization ${organizationId}.`).keyed(
      problemDetails.noOrganization,
      {
        organizationId,
      },
    );
  return organization;
}

export async function getDirectoryOrganization(deps: DirectoryReads, organizationId: string) {
  const [organization, history] = await Promise.all([
    loadOrganization(deps, organizationId),
    deps.organizations.history(organizationId, DIRECTORY_HISTORY_LINES),
  ]);
  return { ...directoryView(organization), history: historyView(history) };
}
