import { classifyEmailDomain } from '../../domain/email-domain-policy';
import type { Organization } from '../../domain/organization';
import { applyEdit, sharingRefusal, type OrganizationEdit } from '../../domain/organization-directory';
import type { Operator } from '../../domain/organization-request';
import * as emailTemplates from '../../email/templates';
import { ConflictError, UnprocessableError } from '../../errors';
import { logger } from '../../logger';
import { ConcurrentUpdateError, type OrganizationCatalogue } from '../../ports';
import type { Dependencies } from '../dependencies';
import {
  DIRECTORY_HISTORY_LINES,
  directoryView,
  getDirectoryOrganization,
  historyView,
  loadOrganization,
} from './organization-directory';
import * as problemDetails from '../../i18n/details/compiled/index';

/**
 * The directory's edit, apart from its reads: only this function classifies domains, so only its bundle
 * carries the email domain lists (domain/email-domain-policy.ts).
 */

/** How many people waiting for a domain one edit emails (the rest find the organization when they retry). */
export const AWAITING_NOTICE_LIMIT = 100;

type DirectoryWrites = Pick<Dependencies, 'accounts' | 'mailer' | 'clock' | 'portalUrl'> & {
  readonly organizations: OrganizationCatalogue;
};

/**
 * An operator's edit of an organization, conditional on the revision they read (409 when it moved): profile,
 * deactivation (SUSPENDED: members keep their accounts, the portal refuses them) or reactivation, the group it
 * is a division of, and domains added or removed. A domain must be a work domain, and may be shared only by
 * divisions of one group. Every change is a history line. When the organization accepts members afterwards,
 * the people waiting in ORGANIZATION_REQUIRED for a domain it gained (or for any of its domains, when it was
 * reactivated) are emailed that they can now register.
 */
export async function editDirectoryOrganization(
  deps: DirectoryWrites,
  organizationId: string,
  input: OrganizationEdit & { readonly revision: number },
  operator: Operator,
) {
  const current = await loadOrganization(deps, organizationId);
  const conflict = () =>
    new ConflictError(
      'concurrent-update',
      'The organization changed since you read it. Reload it and make your change again.',
      { revision: current.revision ?? 0 },
    ).keyed(problemDetails.organizationChanged);
  if ((current.revision ?? 0) !== input.revision) throw conflict();
  if (current.status === 'PENDING') {
    throw new ConflictError(
      'organization-pending-review',
      'This organization waits for the decision on its request: decide the request instead.',
    ).keyed(problemDetails.organizationPendingReview);
  }
  const applied = applyEdit(current, input, operator, deps.clock.now());
  if (!applied) return { ...(await getDirectoryOrganization(deps, organizationId)), notified: 0 };
  const { organization } = applied;

  for (const domain of applied.added) {
    const kind = classifyEmailDomain(domain);
    if (kind !== 'WORK') {
      throw new UnprocessableError(
        'domain-not-allowed',
        `${domain} is a ${kind === 'DISPOSABLE' ? 'disposable' : 'personal'} email service: no organization may own it.`,
        { domain, kind },
      ).keyed(problemDetails.domainNotAllowed, { domain, kind });
    }
  }
  const groupChanged = organization.divisionOf !== current.divisionOf;
  for (const domain of groupChanged ? organization.domains : applied.added) {
    const refusal = sharingRefusal(organization, domain, await deps.organizations.findByEmailDomain(domain));
    if (refusal?.reason === 'OWNED_OUTSIDE_GROUP') {
      throw new ConflictError(
        'domain-owned',
        `${domain} belongs to ${refusal.owners.map((owner) => owner.name).join(', ')}: a domain may be shared only by divisions of one group. Mark them divisions of the same group first.`,
        { domain, owners: refusal.owners.map((owner) => owner.organizationId) },
      ).keyed(problemDetails.domainOwned, {
        domain,
        owners: refusal.owners.map((owner) => owner.name).join(', '),
      });
    }
  }

  try {
    await deps.organizations.saveEdit(applied, input.revision);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw conflict();
    throw error;
  }

  const reactivated = current.status === 'SUSPENDED' && organization.status === 'ACTIVE';
  const opened =
    organization.status === 'ACTIVE' && organization.kind === 'CUSTOMER'
      ? reactivated
        ? organization.domains
        : applied.added
      : [];
  const notified = await notifyAwaiting(deps, organization, opened);
  const history = await deps.organizations.history(organizationId, DIRECTORY_HISTORY_LINES);
  return { ...directoryView(organization), history: historyView(history), notified };
}

/** Emails the people waiting in ORGANIZATION_REQUIRED for `domains`; a failed email is logged, not fatal. */
async function notifyAwaiting(
  deps: Pick<Dependencies, 'accounts' | 'mailer' | 'portalUrl'>,
  organization: Organization,
  domains: readonly string[],
): Promise<number> {
  let notified = 0;
  for (const domain of domains) {
    const waiting = await deps.accounts.awaitingOrganization(domain, AWAITING_NOTICE_LIMIT);
    const results = await Promise.allSettled(
      waiting.map(async (candidate) => {
        // The index lags by a moment: only someone still waiting is told.
        const account = await deps.accounts.getAccount(candidate.userId);
        if (account?.state !== 'ORGANIZATION_REQUIRED' || account.emailDomain !== domain) return false;
        await deps.mailer.send(
          emailTemplates.organizationAvailable({
            to: account.email,
            locale: account.locale,
            firstName: account.firstName,
            organizationName: organization.name,
            domain,
            portalUrl: deps.portalUrl,
          }),
        );
        return true;
      }),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') notified += result.value ? 1 : 0;
      else logger.warn('a person waiting for an organization could not be emailed', { error: result.reason });
    }
  }
  return notified;
}
