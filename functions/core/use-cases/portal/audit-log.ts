import type { AuditEntry, AuditPerson, AuditQuery } from '../../domain/audit-log';
import { NotFoundError } from '../../errors';
import type { AuditLog, Clock, OrganizationDirectory } from '../../ports';
import type { PortalMember } from '../portal-access';
import { requireAdministrator, withCursor } from './portal-context';
import { pageView } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

/** An entry as the API answers it (its organization is the one asked for). */
export function auditEntryView(entry: AuditEntry) {
  const person = (who: AuditPerson) => ({ userId: who.userId, email: who.email });
  const common = { entryId: entry.entryId, at: entry.at, actor: person(entry.actor) };
  switch (entry.kind) {
    case 'MEMBER_JOINED':
      return {
        ...common,
        kind: entry.kind,
        subject: person(entry.subject),
        details: { via: entry.details.via, role: entry.details.role },
      };
    case 'ROLE_CHANGED':
      return {
        ...common,
        kind: entry.kind,
        subject: person(entry.subject),
        details: { previousRole: entry.details.previousRole, role: entry.details.role },
      };
    case 'VISIBILITY_CHANGED':
      return {
        ...common,
        kind: entry.kind,
        details: { sites: entry.details.sites, families: entry.details.families },
      };
    case 'POLICY_CHANGED':
      return {
        ...common,
        kind: entry.kind,
        details: { previousPolicy: entry.details.previousPolicy, policy: entry.details.policy },
      };
    case 'JOIN_REQUEST_DECLINED':
      return {
        ...common,
        kind: entry.kind,
        subject: person(entry.subject),
        details: { reason: entry.details.reason ?? null },
      };
    case 'MEMBER_REMOVED':
    case 'MEMBER_LEFT':
      return {
        ...common,
        kind: entry.kind,
        subject: person(entry.subject),
        details: { role: entry.details.role, groupsDeleted: entry.details.groupsDeleted },
      };
    case 'MEMBER_INVITED':
      return {
        ...common,
        kind: entry.kind,
        details: {
          invitationId: entry.details.invitationId,
          email: entry.details.email,
          role: entry.details.role,
          allowOutsideDomain: entry.details.allowOutsideDomain,
        },
      };
    case 'INVITATION_REVOKED':
      return {
        ...common,
        kind: entry.kind,
        details: { invitationId: entry.details.invitationId, email: entry.details.email },
      };
  }
}

/**
 * The audit log of the caller's organization, newest first, one page (one Query) at a time, optionally of one
 * kind and/or naming one person (as actor or subject). A person of another organization simply has no entries
 * here: the log read is always the caller's own organization's.
 * Failure paths: a member → 403 administrators-only; a cursor this log did not issue → 400.
 */
export async function readAuditLog(
  deps: { readonly audit: AuditLog; readonly clock: Clock },
  member: PortalMember,
  query: AuditQuery,
) {
  requireAdministrator(member);
  const page = await withCursor(() => deps.audit.entries(member.organizationId, query, deps.clock.now()));
  return pageView(page, auditEntryView);
}

/**
 * Operators: the audit log of any organization, as its administrators read it. The profile and the first
 * page are read at once (two round trips in parallel).
 * Failure paths: no such organization → 404; a cursor this log did not issue → 400.
 */
export async function readOrganizationAuditLog(
  deps: { readonly audit: AuditLog; readonly organizations: OrganizationDirectory; readonly clock: Clock },
  organizationId: string,
  query: AuditQuery,
) {
  const [organization, page] = await Promise.all([
    deps.organizations.getOrganization(organizationId),
    withCursor(() => deps.audit.entries(organizationId, query, deps.clock.now())),
  ]);
  if (!organization)
    throw new NotFoundError('There is no such organization.').keyed(problemDetails.noSuchOrganization);
  return pageView(page, auditEntryView);
}
