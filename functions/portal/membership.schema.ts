import * as z from 'zod/mini';
import { MEMBERSHIP_POLICIES } from '../core/domain/membership-policy';

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
