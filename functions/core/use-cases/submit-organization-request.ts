import { randomUUID } from 'node:crypto';
import { awaitOrganizationReview, nextStepOf } from '../domain/onboarding';
import { matchOrganizations } from '../domain/organization';
import type { Account } from '../domain/account';
import {
  isOpen,
  joinedAtSubmission,
  newOrganizationRequest,
  type OrganizationDetails,
  type OrganizationRequest,
} from '../domain/organization-request';
import * as emailTemplates from '../email/templates';
import { ConflictError } from '../errors';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { ClaimReleasedError, ConcurrentUpdateError } from '../ports';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import * as problemDetails from '../i18n/details/compiled/index';
import * as answerWords from '../i18n/answers/compiled/index';

/** Tries of a join that lost a race (the open request changed, or closed and released its domain). */
const JOIN_ATTEMPTS = 3;

/**
 * Submit a new organization for review. Main path: the account is at ORGANIZATION_REQUIRED and still no
 * active organization owns its email domain → the request, its claim on the domain (one open request per
 * domain) and the account, PENDING_ORGANIZATION, are written together → the review workflow starts (named after
 * the request, so once).
 * Merge at submission: when a colleague's request for the domain is still open, the claim refuses the write
 * and the person joins that request instead (a requester of it, the account waiting for it, together, while
 * it still holds the claim): there is never a second open request for a domain, not even for a moment, and
 * the answer (202) shows the request they joined; a "joined" email follows.
 * Repeating the call while the review is open answers the same request (200) and starts nothing new.
 * Failure paths: any other state → 409 with the next step; an organization now owns the domain → 409 telling
 * to register again (which joins it); the workflow cannot be started → still 202: the request is kept and the
 * finalize-reviews job starts it (a request is never lost between the two).
 */
export async function submitOrganizationRequest(
  deps: Pick<
    Dependencies,
    'accounts' | 'organizations' | 'requests' | 'workflow' | 'mailer' | 'clock' | 'portalUrl' | 'locale'
  >,
  userId: string,
  details: OrganizationDetails,
) {
  const account = await loadAccount(deps, userId);
  if (account.state === 'PENDING_ORGANIZATION' && account.organizationRequestId) {
    const open = await deps.requests.getRequest(account.organizationRequestId);
    if (open) return { account: accountView(account, deps, open), created: false };
  }
  const now = deps.clock.now();
  const requestId = randomUUID();
  const pending = awaitOrganizationReview(account, requestId, now);
  const owners = matchOrganizations(await deps.organizations.findByEmailDomain(account.emailDomain));
  if (owners.outcome !== 'NONE') {
    throw new ConflictError(
      'organization-exists',
      `An organization now uses ${account.emailDomain}: submit your business registration again to join it.`,
      { nextStep: nextStepOf('REGISTER_BUSINESS') },
    )
      .keyed(problemDetails.organizationExists, { domain: account.emailDomain })
      .nextStepKeyed(answerWords.nextStepRegisterBusiness);
  }
  const request = { ...newOrganizationRequest(requestId, pending, details, now), workflowStarts: 1 };
  for (let attempt = 1; ; attempt += 1) {
    let holderId: string | undefined;
    try {
      ({ holderId } = await deps.requests.submitRequest(request, pending, account.revision));
    } catch (error) {
      // The claim changed hands between the refusal and its read: submit again.
      if (error instanceof ClaimReleasedError && attempt < JOIN_ATTEMPTS) continue;
      await saveOrConflict(() => Promise.reject(error));
    }
    if (holderId === undefined) break;
    const joined = await joinOpenRequest(deps, account, holderId, attempt < JOIN_ATTEMPTS);
    if (joined) return { account: joined, created: true };
  }
  metrics.count('ReviewsOpened');
  try {
    await deps.workflow.start(requestId, 0);
  } catch (error) {
    logger.warn('review workflow not started; the finalize-reviews job will start it', { error, requestId });
  }
  return { account: accountView(pending, deps, request), created: true };
}

/**
 * The account joins the open request `holderId`; undefined when that lost a race it may retry (the request
 * changed, or closed and released the domain), so the caller submits again.
 */
async function joinOpenRequest(
  deps: Pick<Dependencies, 'requests' | 'mailer' | 'clock' | 'portalUrl' | 'locale'>,
  account: Account,
  holderId: string,
  mayRetry: boolean,
) {
  const now = deps.clock.now();
  const holder = await deps.requests.getRequest(holderId);
  const following = awaitOrganizationReview(account, holderId, now);
  try {
    if (!holder || !isOpen(holder.stage))
      throw new ConcurrentUpdateError(`request ${holderId} closed meanwhile`);
    const joined = joinedAtSubmission(holder, account, now);
    await deps.requests.joinRequest(joined, following, account.revision);
    await sendJoinedEmail(deps, account, joined);
    return accountView(following, deps, joined);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError && mayRetry) return undefined;
    await saveOrConflict(() => Promise.reject(error));
    throw error;
  }
}

/** The answer already says it; the email is a courtesy, so a failure to send it is only logged. */
async function sendJoinedEmail(
  deps: Pick<Dependencies, 'mailer'>,
  account: Account,
  joined: OrganizationRequest,
): Promise<void> {
  try {
    await deps.mailer.send(
      emailTemplates.organizationRequestJoined({
        to: account.email,
        firstName: account.firstName,
        legalName: joined.organization.legalName,
        domain: joined.domain,
      }),
    );
  } catch (error) {
    logger.warn('joined-request email not sent', { error, requestId: joined.requestId });
  }
}
