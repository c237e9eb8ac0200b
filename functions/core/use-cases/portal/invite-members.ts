import { createHash } from 'node:crypto';
import { memberInvited } from '../../domain/audit-log';
import { emailDomainOf, normalizeEmail } from '../../domain/email-address';
import { classifyEmailDomain } from '../../domain/email-domain-policy';
import {
  hashInvitationToken,
  invitationExpiry,
  inviteeProblem,
  isPending,
  newInvitationToken,
  type Invitation,
} from '../../domain/invitation';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../errors';
import { logger } from '../../logger';
import { ConcurrentUpdateError, preparedSend } from '../../ports';
import { assertAdmitting, type PortalMember } from '../portal-access';
import {
  invitationView,
  sendInvitation,
  type InvitationDependencies,
  type InvitationRequest,
} from './invitations';
import { requireAdministrator } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';

/*
 * Its own module: classifying the invitees' domains bundles the two maintained email domain lists (about
 * 276 KB), which only the function that creates invitations needs (test/infra/bundle-budgets.json).
 */

/** The id of an address's invitation to an organization: one live invitation per address and organization. */
function invitationIdOf(organizationId: string, email: string): string {
  return createHash('sha256').update(`${organizationId}\n${email}`).digest('base64url').slice(0, 22);
}

/**
 * Invites 1..50 addresses. Reads the profile (domains, name) and the pending invitations in parallel; each item
 * is checked (webmail and disposable refused, outside the domains only with `allowOutsideDomain`, not twice in
 * the request, not already invited) with a field pointer per item (`/invitations/3/email`); then each invitation
 * is written with its token item and its MEMBER_INVITED entry in one transaction (25 per transaction, in
 * parallel), then emailed (best effort: a failure is logged, the administrator can resend). The profile's
 * status is the portal writers' status check (a deactivated organization → 403), so `member` comes from
 * requirePortalMember alone, and the emails' suppression checks (Mailer.prepare) are read beside the profile:
 * 3 DynamoDB round trips in sequence (the caller's account; the profile ∥ the pending Query ∥ the checks; the
 * transactions).
 */
export async function inviteMembers(
  deps: InvitationDependencies,
  member: PortalMember,
  requests: readonly InvitationRequest[],
) {
  requireAdministrator(member);
  const now = deps.clock.now();
  const sends = new Map(
    requests.map((request) => {
      const email = normalizeEmail(request.email);
      return [email, preparedSend(deps.mailer, email)] as const;
    }),
  );
  const [organization, existing] = await Promise.all([
    deps.organizations.getOrganization(member.organizationId),
    deps.invitations.invitationsOf(member.organizationId),
  ]);
  if (!organization) {
    throw new NotFoundError('Your organization could not be found.').keyed(
      problemDetails.organizationNotFound,
    );
  }
  assertAdmitting(member, organization.status);
  const live = new Set(existing.filter((one) => isPending(one, now)).map((one) => one.email));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  const drafts = requests.map((request, index) => {
    const email = normalizeEmail(request.email);
    const emailDomain = emailDomainOf(email);
    const allowOutsideDomain = request.allowOutsideDomain === true;
    const problem =
      inviteeProblem(
        { email, emailDomain, kind: classifyEmailDomain(emailDomain), allowOutsideDomain },
        organization,
      ) ??
      (seen.has(email)
        ? { detail: 'is invited twice in this request' }
        : live.has(email)
          ? { detail: 'already has a pending invitation: resend it instead' }
          : undefined);
    seen.add(email);
    if (problem) problems.push({ pointer: `/invitations/${index}/email`, ...problem });
    return { email, role: request.role, allowOutsideDomain };
  });
  if (problems.length > 0) {
    throw new ValidationError('Some of the addresses cannot be invited.', problems).keyed('inviteesInvalid');
  }
  const made = drafts.map((draft) => {
    const token = newInvitationToken();
    const invitation: Invitation = {
      organizationId: member.organizationId,
      invitationId: invitationIdOf(member.organizationId, draft.email),
      email: draft.email,
      role: draft.role,
      allowOutsideDomain: draft.allowOutsideDomain,
      tokenHash: hashInvitationToken(token),
      invitedBy: { userId: member.account.userId, email: member.account.email },
      invitedAt: now.toISOString(),
      expiresAt: invitationExpiry(now),
      sentAt: [now.getTime()],
    };
    return { invitation, token, entry: memberInvited(member.account, invitation, now) };
  });
  try {
    await deps.invitations.createInvitations(made);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'One of these addresses was invited meanwhile by another administrator. Reload the list and retry.',
      ).keyed(problemDetails.invitedMeanwhile);
    }
    throw error;
  }
  await Promise.all(
    made.map(({ invitation, token }) =>
      sendInvitation(
        deps,
        sends.get(invitation.email) ?? ((message) => deps.mailer.send(message)),
        member,
        organization.name,
        invitation,
        token,
      ).catch((error: unknown) => logger.error('invitation email could not be sent', { error })),
    ),
  );
  return { items: made.map(({ invitation }) => invitationView(invitation)) };
}
