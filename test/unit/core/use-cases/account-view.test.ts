import { beforeAll, describe, expect, it } from 'vitest';
import { accountView } from '../../../../functions/core/use-cases/account-view';
import { aCustomerEmployee, anAccount } from '../../fixtures';
import { readyLocale } from '../../../../functions/core/i18n/catalogs';

// French, German and Japanese are loaded at run time (functions/core/i18n/catalogs.ts): loaded here first,
// as the API handler and the mailer do before they format.
beforeAll(async () => {
  await Promise.all(['fr', 'de', 'ja'].map((locale) => readyLocale(locale)));
});

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

  describe('in the reader’s language', () => {
    it('says the next step and the restrictions in French; codes, steps and paths stay', () => {
      const view = accountView(
        anAccount({ state: 'REGISTER_BUSINESS', emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' }),
        { portalUrl: PORTAL, locale: 'fr' },
        undefined,
        { email: 'a@gmail.com', reason: 'BOUNCE', at: '2026-03-04T10:00:00.000Z', feedbackId: 'f-1' },
      );
      expect(view.nextStep).toEqual({
        step: 'REGISTER_BUSINESS',
        method: 'PUT',
        path: '/v1/me/registration',
        description: 'Effectuez votre inscription professionnelle.',
      });
      expect(view.restrictions).toEqual([
        {
          code: 'WORK_EMAIL_REQUIRED',
          detail: expect.stringMatching(
            /^gmail\.com est un service d’e-mail personnel : ce compte reste en accès limité/,
          ),
        },
        {
          code: 'EMAIL_UNDELIVERABLE',
          detail: expect.stringMatching(/^Le 2026-03-04, un e-mail n’a pas pu être remis à cette adresse/),
          since: '2026-03-04T10:00:00.000Z',
        },
      ]);
    });

    it('points partners to the programme in Japanese; the links stay', () => {
      const view = accountView(anAccount({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' }), {
        portalUrl: PORTAL,
        locale: 'ja',
      });
      expect(view.nextStep.description).toBe(
        'パートナーとしてのアクセスはパートナープログラムを通じて行います。開始方法は partnerProgramme をご覧ください。',
      );
      expect(view.partnerProgramme).toMatchObject({
        programme: 'Portico Partner Network',
        links: [
          {
            rel: 'programme',
            title: 'パートナープログラムの概要',
            href: 'https://portal.portico.example/partners',
          },
          { rel: 'apply', title: 'パートナーに申し込む' },
          { rel: 'contact', title: 'パートナープログラム窓口', href: 'mailto:partners@portico.example' },
        ],
      });
    });

    it('keeps English exactly as the domain writes it', () => {
      const account = anAccount({
        state: 'AWAITING_APPROVAL',
        emailDomain: 'gmail.com',
        emailDomainKind: 'PERSONAL',
      });
      expect(accountView(account, { portalUrl: PORTAL, locale: 'en' })).toEqual(accountView(account, PORTAL));
    });
  });
});
