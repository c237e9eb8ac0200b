import { describe, expect, it } from 'vitest';
import { accountView } from '../../../../functions/core/use-cases/account-view';
import { aCustomerEmployee, anAccount } from '../../fixtures';

const PORTAL = 'https://portal.portico.example/';

describe('accountView', () => {
  it('shows an unverified account as not verified, LIMITED, with the verify step next', () => {
    const view = accountView(anAccount({ state: 'VERIFY_EMAIL' }), PORTAL);

    expect(view).toMatchObject({
      emailVerified: false,
      state: 'VERIFY_EMAIL',
      accessLevel: 'LIMITED',
      nextStep: { step: 'VERIFY_EMAIL' },
      accessType: null,
      registration: null,
      organization: null,
      restrictions: [],
    });
  });

  it('explains that a personal address keeps the account limited', () => {
    const view = accountView(anAccount({ emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' }), PORTAL);

    expect(view.restrictions).toEqual([
      {
        code: 'WORK_EMAIL_REQUIRED',
        detail: expect.stringContaining('gmail.com is a personal email service'),
      },
    ]);
    expect(view.emailDomain).toEqual({ domain: 'gmail.com', kind: 'PERSONAL' });
  });

  it('explains that a disposable address keeps the account limited', () => {
    const view = accountView(
      anAccount({ emailDomain: 'mailinator.com', emailDomainKind: 'DISPOSABLE' }),
      PORTAL,
    );

    expect(view.restrictions[0]?.detail).toContain('disposable email service');
  });

  it('shows an active member with FULL access and the organization', () => {
    const view = accountView(
      aCustomerEmployee({
        state: 'ACTIVE',
        organizationId: 'org-acme',
        organizationName: 'Acme',
        role: 'MEMBER',
      }),
      PORTAL,
    );

    expect(view).toMatchObject({
      accessLevel: 'FULL',
      organization: { organizationId: 'org-acme', name: 'Acme', role: 'MEMBER' },
      nextStep: { step: 'OPEN_PORTAL' },
    });
  });

  it('adds the partner programme for a partner, with links built from the portal URL', () => {
    const view = accountView(anAccount({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' }), PORTAL);

    expect(view.partnerProgramme?.links.map((link) => link.href)).toEqual([
      'https://portal.portico.example/partners',
      'https://portal.portico.example/partners/apply',
      'mailto:partners@portico.example',
    ]);
  });
});
