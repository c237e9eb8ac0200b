import * as z from 'zod/mini';
import { MEMBERSHIP_POLICIES } from '../core/domain/membership-policy';
import { described, instant } from '../http/fields';
import { memberRole } from './portal.schema';

/** How the organization admits the people of its email domains (domain/membership-policy.ts). */
/* @__NO_SIDE_EFFECTS__ */
export function membershipPolicy() {
  return z.enum(MEMBERSHIP_POLICIES).check(
    z.meta({
      description:
        'AUTOMATIC: people of its email domains join at once; APPROVAL: they ask and administrators decide; ' +
        'INVITATION_ONLY: only invited people join',
    }),
  );
}

/* @__NO_SIDE_EFFECTS__ */
export function membershipPolicyAnswer() {
  return z
    .strictObject({ policy: membershipPolicy() })
    .check(z.meta({ description: 'How people of the organization’s email domains join it' }));
}

/** A person asking to join the organization (APPROVAL policy), as its administrators see them. */
/* @__NO_SIDE_EFFECTS__ */
export function joinRequestAnswer() {
  return z
    .strictObject({
      userId: described('The person asking; the path of approve and decline'),
      email: z.email(),
      firstName: z.string(),
      lastName: z.string(),
      jobTitle: described('From their business registration'),
      requestedAt: instant('When they asked'),
    })
    .check(z.meta({ description: 'A request to join the organization, waiting for its administrators' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function joinRequestListAnswer() {
  return z
    .strictObject({ items: z.array(joinRequestAnswer()) })
    .check(z.meta({ description: 'The join requests waiting for a decision, oldest first' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function joinRequestDecisionAnswer<const O extends 'APPROVED' | 'DECLINED'>(outcome: O) {
  return z
    .strictObject({
      userId: described('The person whose request was decided'),
      outcome: z.literal(outcome),
      ...(outcome === 'APPROVED' ? { role: memberRole() } : {}),
    })
    .check(z.meta({ description: 'The decision taken' }));
}

/** A pending invitation, as administrators see it (never its token). */
/* @__NO_SIDE_EFFECTS__ */
export function invitationAnswer() {
  return z
    .strictObject({
      invitationId: described('The invitation; the path of resend and revoke'),
      email: z.email().check(z.meta({ description: 'The invited address' })),
      role: memberRole(),
      allowOutsideDomain: z
        .boolean()
        .check(z.meta({ description: "The address may be outside the organization's domains" })),
      invitedBy: z.strictObject({ userId: z.string(), email: z.email() }),
      invitedAt: instant('When it was made'),
      expiresAt: instant('When its link stops working (7 days after the last send)'),
    })
    .check(z.meta({ description: 'An invitation waiting to be accepted' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function invitationListAnswer(description: string) {
  return z.strictObject({ items: z.array(invitationAnswer()) }).check(z.meta({ description }));
}
