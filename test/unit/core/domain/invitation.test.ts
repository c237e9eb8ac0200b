import { describe, expect, it } from 'vitest';
import { aCustomerEmployee, anOrganization } from '../../fixtures';
import {
  acceptInvitation,
  hashInvitationToken,
  inviteeProblem,
  isPending,
  invitationExpiry,
  looksLikeToken,
  newInvitationToken,
} from '../../../../functions/core/domain/invitation';
import { ConflictError } from '../../../../functions/core/errors';

const now = new Date('2026-12-06T12:00:00.000Z');

describe('invitation tokens', () => {
  it('are 256 random bits, URL-safe, stored as a SHA-256 only', () => {
    const token = newInvitationToken();
    expect(looksLikeToken(token)).toBe(true);
    expect(newInvitationToken()).not.toBe(token);
    expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(token)).not.toContain(token);
    expect(looksLikeToken('not a token')).toBe(false);
  });

  it('expire 7 days after the send', () => {
    const expiresAt = invitationExpiry(now);
    expect(expiresAt).toBe('2026-12-13T12:00:00.000Z');
    expect(isPending({ expiresAt }, now)).toBe(true);
    expect(isPending({ expiresAt }, new Date('2026-12-13T12:00:00.001Z'))).toBe(false);
  });
});

describe('who may be invited', () => {
  const organization = { domains: ['acme.example'] };
  const invitee = (email: string, kind: 'WORK' | 'PERSONAL' | 'DISPOSABLE', allowOutsideDomain = false) => ({
    email,
    emailDomain: email.split('@')[1] ?? '',
    kind,
    allowOutsideDomain,
  });

  it('an address of the domains; outside them only when said explicitly; never webmail or disposable', () => {
    expect(inviteeProblem(invitee('a@acme.example', 'WORK'), organization)).toBeUndefined();
    expect(inviteeProblem(invitee('c@contractor.example', 'WORK'), organization)).toMatchObject({
      detail: expect.stringMatching(/outside/),
      detailKey: 'outsideDomains',
      detailValues: { domains: 'acme.example' },
    });
    expect(inviteeProblem(invitee('c@contractor.example', 'WORK', true), organization)).toBeUndefined();
    expect(inviteeProblem(invitee('p@gmail.com', 'PERSONAL', true), organization)?.detail).toMatch(
      /personal/,
    );
    expect(inviteeProblem(invitee('d@mailinator.com', 'DISPOSABLE', true), organization)?.detail).toMatch(
      /disposable/,
    );
  });
});

describe('accepting', () => {
  const organization = anOrganization();

  it('makes the account ACTIVE with the invited role, without a registration', () => {
    const account = { ...aCustomerEmployee(), state: 'CHOOSE_ACCESS_TYPE' as const, registration: undefined };
    const active = acceptInvitation(account, { role: 'ADMINISTRATOR' }, organization, now);
    expect(active).toMatchObject({
      state: 'ACTIVE',
      organizationId: organization.organizationId,
      role: 'ADMINISTRATOR',
      revision: account.revision + 1,
    });
  });

  it('refuses a person already member of an organization (409 already-member)', () => {
    const account = { ...aCustomerEmployee(), state: 'ACTIVE' as const, organizationId: 'other' };
    expect(() => acceptInvitation(account, { role: 'MEMBER' }, organization, now)).toThrow(ConflictError);
  });
});
