import { describe, expect, it } from 'vitest';
import { aCustomerEmployee, anOrganization, aRegistration } from '../../fixtures';
import {
  awaitApproval,
  decidableRequest,
  declineJoinRequest,
  declineReasonOf,
  joinRequestOf,
  leaveApprovalWait,
} from '../../../../functions/core/domain/membership-policy';
import { joinRequestDeclined, memberJoined, peopleOf } from '../../../../functions/core/domain/audit-log';
import { activateMembership, accessLevelOf, nextStepOf } from '../../../../functions/core/domain/onboarding';
import { ConflictError, NotFoundError } from '../../../../functions/core/errors';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const organization = anOrganization({ membershipPolicy: 'APPROVAL', administratorCount: 1 });
const registered = aCustomerEmployee({ registration: aRegistration() });
const waiting = awaitApproval(registered, organization, NOW);
const request = joinRequestOf(registered, organization, NOW);

describe('deciding a join request', () => {
  it('may be decided while the person waits for that organization', () => {
    expect(decidableRequest('org-acme', request, waiting)).toEqual({ request, account: waiting });
  });

  it('is a 404 without a request', () => {
    expect(() => decidableRequest('org-acme', undefined, waiting)).toThrow(NotFoundError);
  });

  it.each([
    ['the person was approved meanwhile', activateMembership(leaveApprovalWait(waiting), organization, NOW)],
    ['the person was declined meanwhile', declineJoinRequest(waiting, NOW)],
    [
      'the person waits for another organization',
      { ...waiting, joinRequest: { ...waiting.joinRequest!, organizationId: 'org-other' } },
    ],
  ])('is a 409 join-request-decided when %s', (_, account) => {
    let thrown: unknown;
    try {
      decidableRequest('org-acme', request, account);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConflictError);
    expect((thrown as ConflictError).type).toBe('join-request-decided');
  });

  it('is a 409 when the account is gone', () => {
    expect(() => decidableRequest('org-acme', request, undefined)).toThrow(ConflictError);
  });

  it('approves into ACTIVE with the organization, the join request cleared', () => {
    const joined = activateMembership(leaveApprovalWait(waiting), organization, NOW);
    expect(joined).toMatchObject({ state: 'ACTIVE', organizationId: 'org-acme', role: 'MEMBER' });
    expect(joined.joinRequest).toBeUndefined();
    expect(joined.revision).toBe(waiting.revision + 1);
    expect(memberJoined('org-acme', joined, 'APPROVAL', NOW).details).toEqual({
      via: 'APPROVAL',
      role: 'MEMBER',
    });
  });

  it('declines into a clear LIMITED state: INVITATION_REQUIRED, no join request', () => {
    const declined = declineJoinRequest(waiting, NOW);
    expect(declined.state).toBe('INVITATION_REQUIRED');
    expect(declined.joinRequest).toBeUndefined();
    expect(declined.organizationId).toBeUndefined();
    expect(accessLevelOf(declined.state)).toBe('LIMITED');
    expect(nextStepOf(declined.state).step).toBe('INVITATION_REQUIRED');
    expect(declined.revision).toBe(waiting.revision + 1);
    expect(declined.updatedAt).toBe(NOW.toISOString());
  });

  it('keeps a reason trimmed, and none for an empty one', () => {
    expect(declineReasonOf('  Not one of ours. ')).toBe('Not one of ours.');
    expect(declineReasonOf('   ')).toBeUndefined();
    expect(declineReasonOf(undefined)).toBeUndefined();
  });

  it('records a decline with the administrator as actor and the person as subject', () => {
    const admin = { userId: 'user-grace', email: 'grace@acme.example' };
    const entry = joinRequestDeclined('org-acme', admin, waiting, 'No contractors', NOW);
    expect(entry).toMatchObject({
      kind: 'JOIN_REQUEST_DECLINED',
      actor: admin,
      subject: { userId: waiting.userId, email: waiting.email },
      details: { reason: 'No contractors' },
    });
    expect(joinRequestDeclined('org-acme', admin, waiting, undefined, NOW).details).toEqual({});
    expect(peopleOf(entry).sort()).toEqual(['user-grace', waiting.userId].sort());
  });
});
