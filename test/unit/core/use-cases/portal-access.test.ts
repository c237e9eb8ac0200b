import { describe, expect, it } from 'vitest';
import { ONBOARDING_STATES, type OnboardingState } from '../../../../functions/core/domain/account';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors';
import {
  readAsPortalMember,
  requirePortalMember,
  requirePortalWriter,
  writeAsPortalMember,
} from '../../../../functions/core/use-cases/portal-access';
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

describe("the organization's status on portal routes", () => {
  function withStatus(status: 'ACTIVE' | 'PENDING' | 'SUSPENDED' | undefined) {
    const world = fakeWorld();
    world.accounts.seedAccount(MEMBER);
    const asked: string[] = [];
    const deps = {
      accounts: world.deps.accounts,
      organizationStatus: {
        statusOf: async (organizationId: string) => {
          asked.push(organizationId);
          return status;
        },
      },
    };
    return { deps, asked };
  }

  it('runs a read beside the status check of the caller’s own organization, and answers what it read', async () => {
    const { deps, asked } = withStatus('ACTIVE');
    let checkedBeforeTheReadEnded = false;

    const answer = await readAsPortalMember(deps, MEMBER.userId, async (member) => {
      await Promise.resolve();
      checkedBeforeTheReadEnded = asked.length === 1;
      return member.organizationId;
    });

    expect(answer).toBe('org-acme');
    expect(asked).toEqual(['org-acme']);
    expect(checkedBeforeTheReadEnded).toBe(true);
  });

  it('answers 403 organization-deactivated for a SUSPENDED organization, even when the read failed too', async () => {
    const { deps } = withStatus('SUSPENDED');

    const read = readAsPortalMember(deps, MEMBER.userId, async () => {
      throw new NotFoundError('no such group');
    });

    await expect(read).rejects.toMatchObject({
      status: 403,
      type: 'organization-deactivated',
      extensions: { organizationId: 'org-acme' },
    });
  });

  it('reads the status and the early reads of the organization the token names, used once the account agrees', async () => {
    const { deps, asked } = withStatus('SUSPENDED');
    const early: string[] = [];

    const read = readAsPortalMember(
      deps,
      { userId: MEMBER.userId, organizationHint: 'org-acme' },
      async (_member, reads) => reads,
      async (organizationId: string) => early.push(organizationId),
    );

    await expect(read).rejects.toMatchObject({ type: 'organization-deactivated' });
    expect(asked).toEqual(['org-acme']);
    expect(early).toEqual(['org-acme']);
  });

  it('drops what it read for a token naming another organization, and checks the account’s own', async () => {
    const { deps, asked } = withStatus('ACTIVE');

    const reads = await readAsPortalMember(
      deps,
      { userId: MEMBER.userId, organizationHint: 'org-globex' },
      async (_member, early) => early,
      async () => {
        throw new Error('not for this caller');
      },
    );

    expect(reads).toBeUndefined();
    expect(asked).toEqual(['org-globex', 'org-acme']);
  });

  it('refuses a writer of a SUSPENDED organization before anything runs, and lets ACTIVE and PENDING in', async () => {
    await expect(requirePortalWriter(withStatus('SUSPENDED').deps, MEMBER.userId)).rejects.toMatchObject({
      type: 'organization-deactivated',
    });
    for (const status of ['ACTIVE', 'PENDING', undefined] as const) {
      await expect(requirePortalWriter(withStatus(status).deps, MEMBER.userId)).resolves.toMatchObject({
        organizationId: 'org-acme',
      });
    }
  });

  it('runs a write’s reads beside the status check, and the write only once the organization admits', async () => {
    const { deps, asked } = withStatus('ACTIVE');
    const steps: string[] = [];

    const answer = await writeAsPortalMember(deps, MEMBER.userId, async (member, admitted) => {
      steps.push(`read (status asked: ${asked.length})`);
      await admitted();
      steps.push('write');
      return member.organizationId;
    });

    expect(answer).toBe('org-acme');
    expect(steps).toEqual(['read (status asked: 1)', 'write']);
  });

  it('never writes for a SUSPENDED organization, and answers its 403 before a failure of the write’s reads', async () => {
    let wrote = false;
    const refused = writeAsPortalMember(
      withStatus('SUSPENDED').deps,
      MEMBER.userId,
      async (_member, admitted) => {
        await admitted();
        wrote = true;
      },
    );
    await expect(refused).rejects.toMatchObject({ status: 403, type: 'organization-deactivated' });
    expect(wrote).toBe(false);

    const notFound = writeAsPortalMember(withStatus('SUSPENDED').deps, MEMBER.userId, async () => {
      throw new NotFoundError('no such group');
    });
    await expect(notFound).rejects.toMatchObject({ type: 'organization-deactivated' });
    const admitted = writeAsPortalMember(withStatus('ACTIVE').deps, MEMBER.userId, async () => {
      throw new NotFoundError('no such group');
    });
    await expect(admitted).rejects.toBeInstanceOf(NotFoundError);
  });
});
