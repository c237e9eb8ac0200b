import { describe, expect, it } from 'vitest';
import { ONBOARDING_STATES, type OnboardingState } from '../../../../functions/core/domain/account';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors';
import { requirePortalMember } from '../../../../functions/core/use-cases/portal-access';
import { aCustomerEmployee } from '../../fixtures';
import { fakeWorld } from '../../fakes';

const MEMBER = aCustomerEmployee({
  state: 'ACTIVE',
  organizationId: 'org-acme',
  organizationName: 'Acme Industries',
  role: 'MEMBER',
});

describe('requirePortalMember', () => {
  it('lets an active business account in, with its organization taken from the account', async () => {
    const world = fakeWorld();
    world.accounts.seedAccount(MEMBER);

    const member = await requirePortalMember(world.deps, MEMBER.userId);

    expect(member).toEqual({ account: MEMBER, organizationId: 'org-acme' });
  });

  // Every state but ACTIVE, so a state added later is covered without touching this test.
  it.each<OnboardingState>(ONBOARDING_STATES.filter((state) => state !== 'ACTIVE'))(
    'refuses an account in %s with 403 business-account-required and where to resume',
    async (state) => {
      const world = fakeWorld();
      world.accounts.seedAccount(aCustomerEmployee({ state }));

      const attempt = requirePortalMember(world.deps, MEMBER.userId);

      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toMatchObject({
        status: 403,
        type: 'business-account-required',
        extensions: { state, nextStep: expect.objectContaining({ step: state }) },
      });
    },
  );

  it('refuses an ACTIVE account that has no organization', async () => {
    const world = fakeWorld();
    world.accounts.seedAccount({ ...MEMBER, organizationId: undefined });

    await expect(requirePortalMember(world.deps, MEMBER.userId)).rejects.toMatchObject({
      status: 403,
      type: 'business-account-required',
    });
  });

  it('answers 404 for a sign-in without a Portico account', async () => {
    const world = fakeWorld();

    await expect(requirePortalMember(world.deps, 'user-unknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});
