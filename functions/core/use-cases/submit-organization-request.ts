import { randomUUID } from 'node:crypto';
import { awaitOrganizationReview } from '../domain/onboarding';
import { matchOrganizations } from '../domain/organization';
import { newOrganizationRequest, type OrganizationDetails } from '../domain/organization-request';
import { ConflictError } from '../errors';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';

/**
 * Submit a new organization for review. Main path: the account is at ORGANIZATION_REQUIRED and still no
 * active organization owns its email domain → the request is recorded and the account becomes
 * PENDING_ORGANIZATION, together → the review workflow starts (named after the request, so once).
 * Repeating the call while the review is open answers the same request (202) and starts nothing new.
 * Failure paths: any other state → 409 with the next step; an organization now owns the domain → 409 telling
 * to register again (which joins it); the workflow cannot be started → still 202: the request is kept and the
 * finalize-reviews job starts it (a request is never lost between the two).
 */
export async function submitOrganizationRequest(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'requests' | 'workflow' | 'clock' | 'portalUrl'>,
  userId: string,
  details: OrganizationDetails,
) {
  const account = await loadAccount(deps, userId);
  if (account.state === 'PENDING_ORGANIZATION' && account.organizationRequestId) {
    const open = await deps.requests.getRequest(account.organizationRequestId);
    if (open) return { account: accountView(account, deps.portalUrl, open), created: false };
  }
  const now = deps.clock.now();
  const requestId = randomUUID();
  const pending = awaitOrganizationReview(account, requestId, now);
  const owners = matchOrganizations(await deps.organizations.findByEmailDomain(account.emailDomain));
  if (owners.outcome !== 'NONE') {
    throw new ConflictError(
      'organization-exists',
      `An organization now uses ${account.emailDomain}: submit your business registration again to join it.`,
      { nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' } },
    );
  }
  const request = { ...newOrganizationRequest(requestId, pending, details, now), workflowStarts: 1 };
  await saveOrConflict(() => deps.requests.submitRequest(request, pending, account.revision));
  metrics.count('ReviewsOpened');
  try {
    await deps.workflow.start(requestId, 0);
  } catch (error) {
    logger.warn('review workflow not started; the finalize-reviews job will start it', { error, requestId });
  }
  return { account: accountView(pending, deps.portalUrl, request), created: true };
}
