import { describe, expect, it } from 'vitest';
import { memberExited } from '../../../../functions/core/domain/audit-log';
import { endMembership, removableMember } from '../../../../functions/core/domain/membership-exit';
import { nextStepOf, accessLevelOf } from '../../../../functions/core/domain/onboarding';
import { NotFoundError } from '../../../../functions/core/errors';
import { anAccount } from '../../fixtures';

const NOW = new Date('2026-12-06T18:00:00.000Z');
const member = anAccount({
  userId: 'user-jonas',
  email: 'jonas@acme.example',
  state: 'ACTIVE',
  organizationId: 'org-acme',
  organizationName: 'Acme Industries',
  role: 'ADMINISTRATOR',
  revision: 3,
});

describe('removableMember', () => {
  it('answers an active member of the organization', () => {
    expect(removableMember('org-acme', member)).toBe(member);
  });

  it.each([
    ['nobody', undefined],
    ['a member of another organization', { ...member, organizationId: 'org-northland' }],
    ['a person who is not active', { ...member, state: 'REGISTER_BUSINESS' as const }],
  ])('refuses %s with a 404 that tells nothing apart', (_label, account) => {
    expect(() => removableMember('org-acme', account)).toThrow(NotFoundError);
  });
});

describe('endMembership', () => {
  it('leaves the person LIMITED at REGISTER_BUSINESS, registration kept, organization and role cleared', () => {
    const next = endMembership(member, NOW);
    expect(next).toMatchObject({ state: 'REGISTER_BUSINESS', revision: 4, updatedAt: NOW.toISOString() });
    expect(next.organizationId).toBeUndefined();
    expect(next.organizationName).toBeUndefined();
    expect(next.role).toBeUndefined();
    expect(next.registration).toEqual(member.registration);
    expect(accessLevelOf(next.state)).toBe('LIMITED');
    expect(nextStepOf(next.state).path).toBe('/v1/me/registration');
  });
});

describe('memberExited', () => {
  const admin = { userId: 'user-ada', email: 'ada@acme.example' };

  it('is MEMBER_REMOVED when an administrator ends someone else’s membership', () => {
    expect(memberExited('org-acme', admin, member, 2, NOW)).toMatchObject({
      kind: 'MEMBER_REMOVED',
      organizationId: 'org-acme',
      at: NOW.toISOString(),
      actor: admin,
      subject: { userId: 'user-jonas', email: 'jonas@acme.example' },
      details: { role: 'ADMINISTRATOR', groupsDeleted: 2 },
    });
  });

  it('is MEMBER_LEFT when the person ends their own', () => {
    const entry = memberExited('org-acme', member, { ...member, role: undefined }, 0, NOW);
    expect(entry).toMatchObject({
      kind: 'MEMBER_LEFT',
      actor: { userId: 'user-jonas' },
      subject: { userId: 'user-jonas' },
      details: { role: 'MEMBER', groupsDeleted: 0 },
    });
  });
});
