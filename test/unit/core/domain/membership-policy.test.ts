import { describe, expect, it } from 'vitest';
import { aCustomerEmployee, anOrganization, aRegistration } from '../../fixtures';
import {
  awaitApproval,
  joinRequestOf,
  matchForJoining,
  policyOf,
} from '../../../../functions/core/domain/membership-policy';
import { matchOrganizations, type Organization } from '../../../../functions/core/domain/organization';
import { accessLevelOf, nextStepOf, recordRegistration } from '../../../../functions/core/domain/onboarding';
import { assertMayChangeEmail, withNewAddress } from '../../../../functions/core/domain/email-change';

const DOMAIN = 'northland.gov.example';
const division = (id: string, name: string, overrides: Partial<Organization> = {}) =>
  anOrganization({ organizationId: id, name, domains: [DOMAIN], ...overrides });

function joining(owners: Organization[]) {
  return matchForJoining(matchOrganizations(owners), owners);
}

describe('membership policy', () => {
  it('is AUTOMATIC for an organization that never set one', () => {
    expect(policyOf(anOrganization())).toBe('AUTOMATIC');
    expect(policyOf(anOrganization({ membershipPolicy: 'APPROVAL' }))).toBe('APPROVAL');
  });

  it('offers a single owner that admits by domain (AUTOMATIC or APPROVAL) as before', () => {
    const approval = anOrganization({ membershipPolicy: 'APPROVAL' });
    expect(joining([approval])).toEqual({ outcome: 'SINGLE', organization: approval });
    expect(joining([anOrganization()])).toMatchObject({ outcome: 'SINGLE' });
  });

  it('offers nothing when the one owner admits by invitation only', () => {
    expect(joining([anOrganization({ membershipPolicy: 'INVITATION_ONLY' })])).toEqual({
      outcome: 'INVITATION_ONLY',
    });
  });

  it('leaves INVITATION_ONLY divisions out of the picker, even when one division is left', () => {
    const owners = [
      division('org-health', 'Health', { membershipPolicy: 'INVITATION_ONLY' }),
      division('org-transport', 'Transport', { membershipPolicy: 'APPROVAL' }),
    ];
    expect(joining(owners)).toEqual({
      outcome: 'SEVERAL',
      candidates: [{ organizationId: 'org-transport', name: 'Transport', city: 'Berlin', country: 'DE' }],
    });
  });

  it('answers INVITATION_ONLY when every division admits by invitation only', () => {
    const owners = [
      division('org-health', 'Health', { membershipPolicy: 'INVITATION_ONLY' }),
      division('org-transport', 'Transport', { membershipPolicy: 'INVITATION_ONLY' }),
    ];
    expect(joining(owners)).toEqual({ outcome: 'INVITATION_ONLY' });
  });

  it('answers NONE without owners, and never offers an inactive one', () => {
    expect(joining([])).toEqual({ outcome: 'NONE' });
    expect(joining([anOrganization({ status: 'PENDING' })])).toEqual({ outcome: 'NONE' });
  });

  it('registration with invitation-only owners is LIMITED at INVITATION_REQUIRED, told to ask an administrator', () => {
    const account = aCustomerEmployee();
    const registered = recordRegistration(
      account,
      aRegistration(),
      { outcome: 'INVITATION_ONLY' },
      new Date('2025-03-03T09:00:00.000Z'),
    );
    expect(registered.state).toBe('INVITATION_REQUIRED');
    expect(accessLevelOf(registered.state)).toBe('LIMITED');
    expect(nextStepOf(registered.state).description).toContain('ask your administrator');
  });

  it('a join request keeps the person LIMITED at AWAITING_APPROVAL, naming the organization', () => {
    const account = aCustomerEmployee({ registration: aRegistration() });
    const now = new Date('2025-03-03T09:00:00.000Z');
    const organization = anOrganization({ membershipPolicy: 'APPROVAL' });

    const waiting = awaitApproval(account, organization, now);

    expect(waiting).toMatchObject({
      state: 'AWAITING_APPROVAL',
      joinRequest: {
        organizationId: 'org-acme',
        organizationName: 'Acme Industries',
        requestedAt: now.toISOString(),
      },
      revision: account.revision + 1,
    });
    expect(accessLevelOf(waiting.state)).toBe('LIMITED');
    expect(joinRequestOf(account, organization, now)).toEqual({
      organizationId: 'org-acme',
      userId: account.userId,
      email: account.email,
      firstName: account.firstName,
      lastName: account.lastName,
      jobTitle: aRegistration().jobTitle,
      requestedAt: now.toISOString(),
    });
  });

  it('registering again while a join request waits is a 409 join-request-pending', () => {
    const waiting = awaitApproval(
      aCustomerEmployee({ registration: aRegistration() }),
      anOrganization({ membershipPolicy: 'APPROVAL' }),
      new Date('2025-03-03T09:00:00.000Z'),
    );
    expect(() =>
      recordRegistration(waiting, aRegistration(), { outcome: 'NONE' }, new Date('2025-03-03T10:00:00.000Z')),
    ).toThrow(expect.objectContaining({ status: 409, type: 'join-request-pending' }));
  });
});

describe('a change of email address and the membership policy', () => {
  const now = new Date('2025-03-03T09:00:00.000Z');

  it('a new domain whose owners admit by invitation only leaves the person at INVITATION_REQUIRED', () => {
    const account = aCustomerEmployee({ state: 'ORGANIZATION_REQUIRED', registration: aRegistration() });
    const next = withNewAddress(
      account,
      { email: 'ada@northland.gov.example', domain: DOMAIN, kind: 'WORK' },
      now,
      { leaving: false, match: { outcome: 'INVITATION_ONLY' } },
    );
    expect(next.state).toBe('INVITATION_REQUIRED');
    expect(next.organizationId).toBeUndefined();
  });

  it('is refused while a join request waits (409 join-request-pending)', () => {
    const waiting = awaitApproval(
      aCustomerEmployee({ registration: aRegistration() }),
      anOrganization({ membershipPolicy: 'APPROVAL' }),
      now,
    );
    expect(() => assertMayChangeEmail(waiting, 'ada@elsewhere.example')).toThrow(
      expect.objectContaining({ status: 409, type: 'join-request-pending' }),
    );
  });
});
