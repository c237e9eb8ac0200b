import { describe, expect, it } from 'vitest';
import { ONBOARDING_STATES, type Account } from '../../../../functions/core/domain/account';
import {
  accessLevelOf,
  activateMembership,
  assertCanRegisterBusiness,
  awaitOrganizationReview,
  chooseAccessType,
  followOrganizationRequest,
  isWaitingFor,
  joinApprovedOrganization,
  nextStepOf,
  recordRegistration,
  returnToRegistration,
  verifyEmail,
} from '../../../../functions/core/domain/onboarding';
import { ConflictError, ForbiddenError, UnprocessableError } from '../../../../functions/core/errors';
import {
  aCustomerEmployee,
  anAccount,
  anOrganization,
  anOrganizationSeeker,
  aRegistration,
  aWaitingRequester,
} from '../../fixtures';

const NOW = new Date('2025-03-03T10:00:00.000Z');

/** Runs `act` and answers what it threw, so a test can assert on the error's fields. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('accessLevelOf', () => {
  it('gives FULL access to an ACTIVE account only', () => {
    const levels = Object.fromEntries(ONBOARDING_STATES.map((state) => [state, accessLevelOf(state)]));

    expect(levels).toEqual({
      VERIFY_EMAIL: 'LIMITED',
      CHOOSE_ACCESS_TYPE: 'LIMITED',
      REGISTER_BUSINESS: 'LIMITED',
      PARTNER_REFERRED: 'LIMITED',
      CHOOSE_ORGANIZATION: 'LIMITED',
      ORGANIZATION_REQUIRED: 'LIMITED',
      PENDING_ORGANIZATION: 'LIMITED',
      AWAITING_APPROVAL: 'LIMITED',
      INVITATION_REQUIRED: 'LIMITED',
      ACTIVE: 'FULL',
    });
  });
});

describe('nextStepOf', () => {
  it.each([
    ['VERIFY_EMAIL', 'VERIFY_EMAIL', 'POST', '/v1/signup/verify'],
    ['CHOOSE_ACCESS_TYPE', 'CHOOSE_ACCESS_TYPE', 'PUT', '/v1/me/access-type'],
    ['REGISTER_BUSINESS', 'REGISTER_BUSINESS', 'PUT', '/v1/me/registration'],
    ['CHOOSE_ORGANIZATION', 'CHOOSE_ORGANIZATION', 'PUT', '/v1/me/organization'],
    ['ORGANIZATION_REQUIRED', 'ORGANIZATION_REQUIRED', 'POST', '/v1/organization-requests'],
    ['PENDING_ORGANIZATION', 'PENDING_ORGANIZATION', 'GET', '/v1/me'],
    ['ACTIVE', 'OPEN_PORTAL', 'GET', '/v1/portal/summary'],
  ] as const)('points %s to %s at %s %s', (state, step, method, path) => {
    const next = nextStepOf(state);

    expect(next).toMatchObject({ step, method, path });
    expect(next.description.length).toBeGreaterThan(10);
  });

  it.each(['PARTNER_REFERRED'] as const)('describes %s without an API call to make', (state) => {
    const next = nextStepOf(state);

    expect(next.step).toBe(state);
    expect(next.method).toBeUndefined();
    expect(next.path).toBeUndefined();
    expect(next.description.length).toBeGreaterThan(10);
  });

  it('tells the unverified person to enter the emailed code and how to get a new one', () => {
    expect(nextStepOf('VERIFY_EMAIL').description).toMatch(/6-digit code/);
    expect(nextStepOf('VERIFY_EMAIL').description).toMatch(/\/v1\/signup\/resend/);
  });
});

describe('verifyEmail', () => {
  it('moves an unverified account to CHOOSE_ACCESS_TYPE and counts the revision', () => {
    const account = anAccount({ state: 'VERIFY_EMAIL', revision: 1 });

    const verified = verifyEmail(account, NOW);

    expect(verified).toEqual({
      ...account,
      state: 'CHOOSE_ACCESS_TYPE',
      updatedAt: NOW.toISOString(),
      revision: 2,
    });
  });

  it('leaves an account that is already past verification unchanged', () => {
    const account = aCustomerEmployee();

    expect(verifyEmail(account, NOW)).toBe(account);
  });
});

describe('chooseAccessType', () => {
  it('refuses an unverified account with 403 email-not-verified and the step to take', () => {
    const account = anAccount({ state: 'VERIFY_EMAIL' });

    const error = thrownBy(() => chooseAccessType(account, 'CUSTOMER_EMPLOYEE', NOW));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({
      status: 403,
      type: 'email-not-verified',
      extensions: { nextStep: { step: 'VERIFY_EMAIL' } },
    });
  });

  it('refuses an active account with 409 already-active', () => {
    const account = aCustomerEmployee({ state: 'ACTIVE', organizationId: 'org-acme' });

    const error = thrownBy(() => chooseAccessType(account, 'PARTNER', NOW));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, type: 'already-active' });
  });

  it('sends a customer employee on to REGISTER_BUSINESS', () => {
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE', revision: 2 });

    const next = chooseAccessType(account, 'CUSTOMER_EMPLOYEE', NOW);

    expect(next).toMatchObject({
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      updatedAt: NOW.toISOString(),
      revision: 3,
    });
  });

  it('refers a partner to the partner programme (PARTNER_REFERRED)', () => {
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });

    const next = chooseAccessType(account, 'PARTNER', NOW);

    expect(next).toMatchObject({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' });
    expect(accessLevelOf(next.state)).toBe('LIMITED');
  });

  it('lets a referred partner switch back to customer employee, dropping any earlier registration', () => {
    const partner = anAccount({
      state: 'PARTNER_REFERRED',
      accessType: 'PARTNER',
      registration: aRegistration(),
    });

    const next = chooseAccessType(partner, 'CUSTOMER_EMPLOYEE', NOW);

    expect(next).toMatchObject({ state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' });
    expect(next.registration).toBeUndefined();
  });

  it('does not change the account it was given', () => {
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    const before = structuredClone(account);

    chooseAccessType(account, 'PARTNER', NOW);

    expect(account).toEqual(before);
  });
});

describe('assertCanRegisterBusiness', () => {
  it('accepts a verified customer employee with a work email', () => {
    expect(() => assertCanRegisterBusiness(aCustomerEmployee())).not.toThrow();
  });

  it('refuses a personal email domain with 422 work-email-required, saying a work email is needed', () => {
    const account = aCustomerEmployee({
      email: 'ada@gmail.com',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    });

    const error = thrownBy(() => assertCanRegisterBusiness(account));

    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).toMatchObject({
      status: 422,
      type: 'work-email-required',
      extensions: { emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' },
    });
    expect((error as Error).message).toMatch(/gmail\.com is a personal email service/);
    expect((error as Error).message).toMatch(/needs your work email address/);
  });

  it('refuses a disposable email domain with 422 work-email-required', () => {
    const account = aCustomerEmployee({
      email: 'ada@mailinator.com',
      emailDomain: 'mailinator.com',
      emailDomainKind: 'DISPOSABLE',
    });

    const error = thrownBy(() => assertCanRegisterBusiness(account));

    expect(error).toMatchObject({ status: 422, type: 'work-email-required' });
    expect((error as Error).message).toMatch(/disposable email service/);
    expect((error as Error).message).toMatch(/work email address/);
  });

  it('refuses a partner with 409 partner-access', () => {
    const account = aCustomerEmployee({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' });

    const error = thrownBy(() => assertCanRegisterBusiness(account));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, type: 'partner-access' });
  });

  it('refuses an account without an access type with 409 access-type-required', () => {
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE', accessType: undefined });

    const error = thrownBy(() => assertCanRegisterBusiness(account));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      type: 'access-type-required',
      extensions: { nextStep: { step: 'CHOOSE_ACCESS_TYPE' } },
    });
  });

  it('refuses an unverified account with 403 email-not-verified', () => {
    const error = thrownBy(() => assertCanRegisterBusiness(aCustomerEmployee({ state: 'VERIFY_EMAIL' })));

    expect(error).toMatchObject({ status: 403, type: 'email-not-verified' });
  });

  it('refuses an already active account with 409 already-active', () => {
    const error = thrownBy(() => assertCanRegisterBusiness(aCustomerEmployee({ state: 'ACTIVE' })));

    expect(error).toMatchObject({ status: 409, type: 'already-active' });
  });
});

describe('recordRegistration', () => {
  const registration = aRegistration();

  it('moves to CHOOSE_ORGANIZATION when several organizations own the domain', () => {
    const account = aCustomerEmployee({ revision: 3 });

    const next = recordRegistration(account, registration, { outcome: 'SEVERAL', candidates: [] }, NOW);

    expect(next).toMatchObject({ state: 'CHOOSE_ORGANIZATION', registration, revision: 4 });
  });

  it('moves to ORGANIZATION_REQUIRED when no organization owns the domain', () => {
    const next = recordRegistration(aCustomerEmployee(), registration, { outcome: 'NONE' }, NOW);

    expect(next).toMatchObject({ state: 'ORGANIZATION_REQUIRED', registration });
    expect(accessLevelOf(next.state)).toBe('LIMITED');
  });

  it('records but does not yet activate when exactly one organization owns the domain', () => {
    const next = recordRegistration(
      aCustomerEmployee(),
      registration,
      { outcome: 'SINGLE', organization: anOrganization() },
      NOW,
    );

    expect(next).toMatchObject({ state: 'REGISTER_BUSINESS', registration });
    expect(next.organizationId).toBeUndefined();
  });

  it('lets a person waiting on ORGANIZATION_REQUIRED submit again', () => {
    const waiting = aCustomerEmployee({ state: 'ORGANIZATION_REQUIRED', registration });

    const next = recordRegistration(waiting, registration, { outcome: 'NONE' }, NOW);

    expect(next.state).toBe('ORGANIZATION_REQUIRED');
    expect(next.revision).toBe(waiting.revision + 1);
  });

  it('refuses a personal email domain as assertCanRegisterBusiness does', () => {
    const account = aCustomerEmployee({ emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' });

    expect(() => recordRegistration(account, registration, { outcome: 'NONE' }, NOW)).toThrow(
      UnprocessableError,
    );
  });
});

describe('activateMembership', () => {
  function registered(overrides: Partial<Account> = {}): Account {
    return aCustomerEmployee({ registration: aRegistration(), revision: 4, ...overrides });
  }

  it('activates the account in the organization as a MEMBER and counts the revision', () => {
    const account = registered();
    const organization = anOrganization({ administratorCount: 1 });

    const active = activateMembership(account, organization, NOW);

    expect(active).toEqual({
      ...account,
      state: 'ACTIVE',
      organizationId: 'org-acme',
      organizationName: 'Acme Industries',
      role: 'MEMBER',
      updatedAt: NOW.toISOString(),
      revision: 5,
    });
    expect(accessLevelOf(active.state)).toBe('FULL');
  });

  it.each([undefined, 0])(
    'makes the first person to join an organization without an administrator (count %s) its ADMINISTRATOR',
    (administratorCount) => {
      const active = activateMembership(registered(), anOrganization({ administratorCount }), NOW);

      expect(active.role).toBe('ADMINISTRATOR');
    },
  );

  it('refuses an organization that does not own the email domain with 403', () => {
    const organization = anOrganization({ domains: ['globex.example'] });

    const error = thrownBy(() => activateMembership(registered(), organization, NOW));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, type: 'organization-not-available' });
  });

  it.each(['PENDING', 'SUSPENDED'] as const)('refuses a %s organization with 403', (status) => {
    const error = thrownBy(() => activateMembership(registered(), anOrganization({ status }), NOW));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, type: 'organization-not-available' });
  });

  it('refuses an account without a registration with 409 registration-required', () => {
    const error = thrownBy(() =>
      activateMembership(registered({ registration: undefined }), anOrganization(), NOW),
    );

    expect(error).toMatchObject({ status: 409, type: 'registration-required' });
  });

  it('refuses a personal email domain even when the organization lists it', () => {
    const account = registered({ emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' });
    const organization = anOrganization({ domains: ['gmail.com'] });

    expect(() => activateMembership(account, organization, NOW)).toThrow(UnprocessableError);
  });
});

describe('chooseAccessType for a partner', () => {
  const partnerOrg = anOrganization({
    organizationId: 'org-acme-partner',
    name: 'Acme Partner',
    kind: 'PARTNER',
  });

  it('links the partner organization when exactly one owns the domain', () => {
    const next = chooseAccessType(anAccount(), 'PARTNER', NOW, {
      outcome: 'SINGLE',
      organization: partnerOrg,
    });

    expect(next).toMatchObject({
      state: 'PARTNER_REFERRED',
      partnerOrganization: { organizationId: 'org-acme-partner', name: 'Acme Partner' },
    });
  });

  it('links nothing when several or no partner organizations own the domain', () => {
    const several = chooseAccessType(anAccount(), 'PARTNER', NOW, { outcome: 'SEVERAL', candidates: [] });
    const none = chooseAccessType(anAccount(), 'PARTNER', NOW, { outcome: 'NONE' });

    expect(several.partnerOrganization).toBeUndefined();
    expect(none.partnerOrganization).toBeUndefined();
  });

  it('links nothing for a personal address even when an organization lists its domain', () => {
    const account = anAccount({
      email: 'ada@gmail.com',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    });

    const next = chooseAccessType(account, 'PARTNER', NOW, { outcome: 'SINGLE', organization: partnerOrg });

    expect(next.partnerOrganization).toBeUndefined();
  });

  it('drops the partner link when the person switches to customer employee', () => {
    const partner = anAccount({
      state: 'PARTNER_REFERRED',
      accessType: 'PARTNER',
      partnerOrganization: { organizationId: 'org-acme-partner', name: 'Acme Partner' },
    });

    expect(chooseAccessType(partner, 'CUSTOMER_EMPLOYEE', NOW).partnerOrganization).toBeUndefined();
  });

  it('refuses a change of access type while the organization is under review with 409', () => {
    const error = thrownBy(() => chooseAccessType(aWaitingRequester('req-1'), 'PARTNER', NOW));

    expect(error).toMatchObject({
      status: 409,
      type: 'organization-under-review',
      extensions: { organizationRequestId: 'req-1' },
    });
  });
});

describe('activateMembership with organization kinds', () => {
  it('refuses a PARTNER organization even when it owns the domain and is active', () => {
    const account = aCustomerEmployee({ registration: aRegistration() });
    const partner = anOrganization({ kind: 'PARTNER' });

    const error = thrownBy(() => activateMembership(account, partner, NOW));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, type: 'organization-not-available' });
  });
});

describe('awaitOrganizationReview', () => {
  it('moves a person at ORGANIZATION_REQUIRED to PENDING_ORGANIZATION, remembering the request', () => {
    const account = anOrganizationSeeker({ revision: 4 });

    const next = awaitOrganizationReview(account, 'req-1', NOW);

    expect(next).toEqual({
      ...account,
      state: 'PENDING_ORGANIZATION',
      organizationRequestId: 'req-1',
      updatedAt: NOW.toISOString(),
      revision: 5,
    });
    expect(accessLevelOf(next.state)).toBe('LIMITED');
  });

  it.each([
    ['VERIFY_EMAIL', anAccount({ state: 'VERIFY_EMAIL' }), 403, 'email-not-verified'],
    ['CHOOSE_ACCESS_TYPE', anAccount({ state: 'CHOOSE_ACCESS_TYPE' }), 409, 'access-type-required'],
    ['REGISTER_BUSINESS', aCustomerEmployee(), 409, 'organization-request-not-expected'],
    [
      'PARTNER_REFERRED',
      anAccount({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' }),
      409,
      'partner-access',
    ],
    [
      'CHOOSE_ORGANIZATION',
      aCustomerEmployee({ state: 'CHOOSE_ORGANIZATION' }),
      409,
      'organization-request-not-expected',
    ],
    ['PENDING_ORGANIZATION', aWaitingRequester('req-0'), 409, 'organization-under-review'],
    ['ACTIVE', aCustomerEmployee({ state: 'ACTIVE' }), 409, 'already-active'],
  ] as const)('refuses a person at %s (%i %s)', (_state, account, status, type) => {
    const error = thrownBy(() => awaitOrganizationReview(account, 'req-1', NOW));

    expect(error).toMatchObject({ status, type });
  });

  it('points a person who may not submit to the step they are at', () => {
    const error = thrownBy(() => awaitOrganizationReview(aCustomerEmployee(), 'req-1', NOW));

    expect(error).toMatchObject({ extensions: { nextStep: { step: 'REGISTER_BUSINESS' } } });
  });

  it('refuses a personal address at ORGANIZATION_REQUIRED with 422', () => {
    const account = anOrganizationSeeker({ emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' });

    expect(() => awaitOrganizationReview(account, 'req-1', NOW)).toThrow(UnprocessableError);
  });
});

describe('following, joining and leaving an organization request', () => {
  it('follows another request: still pending, now waiting for that one', () => {
    const account = aWaitingRequester('req-2');

    const next = followOrganizationRequest(account, 'req-1', NOW);

    expect(next).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      organizationRequestId: 'req-1',
      revision: account.revision + 1,
    });
    expect(isWaitingFor(next, 'req-1')).toBe(true);
    expect(isWaitingFor(next, 'req-2')).toBe(false);
  });

  it('is waiting only while pending for that very request', () => {
    expect(isWaitingFor(aWaitingRequester('req-1'), 'req-1')).toBe(true);
    expect(isWaitingFor(aWaitingRequester('req-1', { state: 'REGISTER_BUSINESS' }), 'req-1')).toBe(false);
    expect(isWaitingFor(aWaitingRequester('req-1', { state: 'ACTIVE' }), 'req-1')).toBe(false);
  });

  it.each(['ADMINISTRATOR', 'MEMBER'] as const)('joins the approved organization as %s', (role) => {
    const account = aWaitingRequester('req-1');
    const organization = anOrganization({ organizationId: 'org-req-1', name: 'Acme Industries GmbH' });

    const active = joinApprovedOrganization(account, organization, role, NOW);

    expect(active).toEqual({
      ...account,
      state: 'ACTIVE',
      organizationId: 'org-req-1',
      organizationName: 'Acme Industries GmbH',
      role,
      updatedAt: NOW.toISOString(),
      revision: account.revision + 1,
    });
    expect(accessLevelOf(active.state)).toBe('FULL');
  });

  it('does not join an organization that is not active or does not own the domain', () => {
    const account = aWaitingRequester('req-1');

    expect(() =>
      joinApprovedOrganization(account, anOrganization({ status: 'PENDING' }), 'MEMBER', NOW),
    ).toThrow();
    expect(() =>
      joinApprovedOrganization(account, anOrganization({ domains: ['globex.example'] }), 'MEMBER', NOW),
    ).toThrow();
  });

  it('returns to REGISTER_BUSINESS, keeping the request id to show why', () => {
    const account = aWaitingRequester('req-1');

    const next = returnToRegistration(account, NOW);

    expect(next).toMatchObject({
      state: 'REGISTER_BUSINESS',
      organizationRequestId: 'req-1',
      registration: account.registration,
      revision: account.revision + 1,
    });
  });
});
