import { beforeEach, describe, expect, it } from 'vitest';
import { organizationIdFor } from '../../../../../functions/core/domain/organization-request';
import type { Organization } from '../../../../../functions/core/domain/organization';
import type { EmailMessage, Mailer, OrganizationCatalogue } from '../../../../../functions/core/ports';
import {
  applyApproval,
  closeWithoutOrganization,
} from '../../../../../functions/core/use-cases/review/apply-outcome';
import {
  createPendingOrganization,
  validateRequest,
} from '../../../../../functions/core/use-cases/review/review-tasks';
import { registerBusiness } from '../../../../../functions/core/use-cases/register-business';
import { submitOrganizationRequest } from '../../../../../functions/core/use-cases/submit-organization-request';
import { fakeWorld, TEST_PORTAL_URL, type FakeWorld } from '../../../fakes';
import { aRegistrationInput } from '../../../fixtures';
import { ADA, BOB, decide, storedRequest, submitAs, submitAsBobUnclaimed } from './scenario';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

/** Ada's request under review with Bob merged into it and the pending organization created. */
async function reviewWithTwoRequesters(): Promise<string> {
  const { requestId } = await submitAs(world);
  await validateRequest(world.deps, requestId);
  await createPendingOrganization(world.deps, requestId);
  const second = await submitAsBobUnclaimed(world);
  await validateRequest(world.deps, second.requestId);
  world.mailer.sent.length = 0;
  return requestId;
}

describe('applyApproval', () => {
  it('activates the organization, the first requester as ADMINISTRATOR and the others as MEMBER, and closes the request', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });
    const organizationId = organizationIdFor(requestId);

    const closed = await applyApproval(world.deps, requestId);

    expect(world.organizations.stored(organizationId)?.status).toBe('ACTIVE');
    expect(world.accounts.storedAccount(ADA.userId)).toMatchObject({
      state: 'ACTIVE',
      organizationId,
      organizationName: 'Acme Industries GmbH',
      role: 'ADMINISTRATOR',
    });
    expect(world.accounts.storedAccount(BOB.userId)).toMatchObject({
      state: 'ACTIVE',
      organizationId,
      role: 'MEMBER',
    });
    expect(
      world.accounts
        .storedMemberships()
        .map(({ organizationId: org, userId, role }) => ({ org, userId, role }))
        .sort((a, b) => a.userId.localeCompare(b.userId)),
    ).toEqual([
      { org: organizationId, userId: ADA.userId, role: 'ADMINISTRATOR' },
      { org: organizationId, userId: BOB.userId, role: 'MEMBER' },
    ]);
    expect(closed).toMatchObject({ stage: 'ACTIVATED', notified: [ADA.userId, BOB.userId] });
    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
    expect(world.requests.claimHolder('acme.example')).toBeUndefined();
  });

  it('emails each requester once, telling only the first one they administer the organization', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });

    await applyApproval(world.deps, requestId);

    const [toAda] = world.mailer.sentTo(ADA.email);
    const [toBob] = world.mailer.sentTo(BOB.email);
    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(toAda?.subject).toBe('Acme Industries GmbH is approved: your business account is active');
    expect(toAda?.text).toContain('You are its administrator');
    expect(toAda?.text).toContain(TEST_PORTAL_URL);
    expect(toBob?.text).not.toContain('administrator');
  });

  it('does nothing more when run a second time', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });
    await applyApproval(world.deps, requestId);
    const after = {
      request: storedRequest(world, requestId),
      ada: world.accounts.storedAccount(ADA.userId),
      memberships: world.accounts.storedMemberships(),
      sent: world.mailer.sent.length,
    };

    const again = await applyApproval(world.deps, requestId);

    expect(again).toEqual(after.request);
    expect(storedRequest(world, requestId)).toEqual(after.request);
    expect(world.accounts.storedAccount(ADA.userId)).toEqual(after.ada);
    expect(world.accounts.storedMemberships()).toEqual(after.memberships);
    expect(world.mailer.sent).toHaveLength(after.sent);
  });

  it('resumes after a mail failure without activating or emailing anyone twice', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });
    world.mailer.failSendsTo(BOB.email);

    await expect(applyApproval(world.deps, requestId)).rejects.toThrow();
    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
    await applyApproval(world.deps, requestId);

    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(world.accounts.storedMemberships()).toHaveLength(2);
    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
  });

  it('makes the first requester a MEMBER when someone joined through registration first', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });
    const organizationId = organizationIdFor(requestId);
    // Between activation and Ada's turn, someone else becomes the first administrator.
    const directory = world.organizations;
    const activate = directory.activateOrganization.bind(directory);
    directory.activateOrganization = async (organization) => {
      const active = await activate(organization);
      const stored = directory.stored(organizationId);
      if (stored) directory.add({ ...stored, administratorCount: 1 });
      return active;
    };

    await applyApproval(world.deps, requestId);

    expect(world.accounts.storedAccount(ADA.userId)).toMatchObject({ state: 'ACTIVE', role: 'MEMBER' });
    expect(world.mailer.lastSentTo(ADA.email).text).not.toContain('administrator');
  });

  it('lets the next requester administer the organization when the first is no longer waiting', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'APPROVE' });
    const ada = world.accounts.storedAccount(ADA.userId);
    if (!ada) throw new Error('no Ada');
    world.accounts.seedAccount({ ...ada, state: 'REGISTER_BUSINESS', revision: ada.revision + 1 });

    await applyApproval(world.deps, requestId);

    expect(world.accounts.storedAccount(BOB.userId)).toMatchObject({
      state: 'ACTIVE',
      role: 'ADMINISTRATOR',
    });
    expect(world.mailer.lastSentTo(BOB.email).text).toContain('You are its administrator');
    expect(world.mailer.lastSentTo(ADA.email).text).not.toContain('administrator');
  });

  it('creates the organization first when the workflow failed before creating it', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await decide(world, requestId, { outcome: 'APPROVE' });

    await applyApproval(world.deps, requestId);

    expect(world.organizations.stored(organizationIdFor(requestId))?.status).toBe('ACTIVE');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('ACTIVE');
  });

  it('refuses to apply an approval that was not recorded', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    await expect(applyApproval(world.deps, requestId)).rejects.toThrow(/no approval to apply/);
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('PENDING_ORGANIZATION');
  });

  /** Bob's request, submitted while Ada's is decided but not yet applied; `validateBob` runs its validation. */
  async function approvedWithBobSubmitted() {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await createPendingOrganization(world.deps, requestId);
    await decide(world, requestId, { outcome: 'APPROVE' });
    const bob = await submitAsBobUnclaimed(world);
    let ran = false;
    const validateBob = async () => {
      if (ran) return;
      ran = true;
      // A validation that fails is retried by the workflow; the retry below stands for it.
      await validateRequest(world.deps, bob.requestId).catch(() => undefined);
    };
    return { requestId, bobRequestId: bob.requestId, validateBob };
  }

  function expectBobNotLeftWaitingForAClosedRequest(): void {
    const bobAccount = world.accounts.storedAccount(BOB.userId);
    const waitedFor = bobAccount?.organizationRequestId;
    const waitsForClosed =
      bobAccount?.state === 'PENDING_ORGANIZATION' &&
      waitedFor !== undefined &&
      world.requests.storedRequest(waitedFor)?.stage === 'ACTIVATED';
    expect(waitsForClosed).toBe(false);
    expect(['ACTIVE', 'REGISTER_BUSINESS']).toContain(bobAccount?.state);
    expect(world.mailer.sentTo(BOB.email).length).toBeGreaterThan(0);
  }

  it('settles a requester merged in before the organization is activated (nobody waits for a closed request)', async () => {
    const { requestId, bobRequestId, validateBob } = await approvedWithBobSubmitted();
    const directory = world.organizations;
    const interleaving: OrganizationCatalogue = {
      findByEmailDomain: (domain) => directory.findByEmailDomain(domain),
      getOrganization: (id) => directory.getOrganization(id),
      createOrganization: (organization) => directory.createOrganization(organization),
      removePendingOrganization: (organization) => directory.removePendingOrganization(organization),
      listByName: (query) => directory.listByName(query),
      saveEdit: (edit, expectedRevision) => directory.saveEdit(edit, expectedRevision),
      history: (organizationId, limit) => directory.history(organizationId, limit),
      saveMembershipPolicy: (organization, policy, entry) =>
        directory.saveMembershipPolicy(organization, policy, entry),
      activateOrganization: async (organization: Organization) => {
        await validateBob();
        return directory.activateOrganization(organization);
      },
    };

    await applyApproval({ ...world.deps, organizations: interleaving }, requestId);
    await validateRequest(world.deps, bobRequestId);

    expectBobNotLeftWaitingForAClosedRequest();
  });

  it('settles a requester whose validation runs while the approval emails go out', async () => {
    const { requestId, bobRequestId, validateBob } = await approvedWithBobSubmitted();
    const interleaving: Mailer = {
      send: async (message: EmailMessage) => {
        await world.mailer.send(message);
        if (message.to === ADA.email) await validateBob();
      },
    };

    await applyApproval({ ...world.deps, mailer: interleaving }, requestId);
    await validateRequest(world.deps, bobRequestId);

    expectBobNotLeftWaitingForAClosedRequest();
  });
});

describe('closeWithoutOrganization', () => {
  it('REJECTED: tells every requester the reason, sends them back to registration and removes the pending organization', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'REJECT', reason: 'We could not find Acme in any register.' });

    const closed = await closeWithoutOrganization(world.deps, requestId, 'REJECTED');

    expect(closed).toMatchObject({ stage: 'REJECTED', notified: [ADA.userId, BOB.userId] });
    for (const person of [ADA, BOB]) {
      expect(world.accounts.storedAccount(person.userId)).toMatchObject({
        state: 'REGISTER_BUSINESS',
        organizationRequestId: requestId,
      });
      expect(world.mailer.sentTo(person.email)).toEqual([
        expect.objectContaining({
          subject: 'We could not approve Acme Industries GmbH',
          text: expect.stringContaining('We could not find Acme in any register.'),
        }),
      ]);
    }
    expect(world.organizations.stored(organizationIdFor(requestId))).toBeUndefined();
    expect(world.requests.claimHolder('acme.example')).toBeUndefined();
    expect(storedRequest(world, requestId).history.at(-1)?.event).toBe('REJECTED');
  });

  it('EXPIRED: tells the requesters it was not reviewed in time', async () => {
    const requestId = await reviewWithTwoRequesters();

    const closed = await closeWithoutOrganization(world.deps, requestId, 'EXPIRED');

    expect(closed).toMatchObject({ stage: 'EXPIRED', closedReason: 'the review did not finish in time.' });
    expect(world.mailer.lastSentTo(ADA.email).subject).toBe('Your request for Acme Industries GmbH expired');
    expect(world.accounts.storedAccount(BOB.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.organizations.stored(organizationIdFor(requestId))).toBeUndefined();
  });

  it('CLOSED: tells the requesters the reason given', async () => {
    const { requestId } = await submitAs(world);

    const closed = await closeWithoutOrganization(world.deps, requestId, 'CLOSED', 'Someone else did it.');

    expect(closed).toMatchObject({ stage: 'CLOSED', closedReason: 'Someone else did it.' });
    expect(world.mailer.lastSentTo(ADA.email)).toMatchObject({
      subject: 'Your organization request is no longer needed',
      text: expect.stringContaining('Someone else did it.'),
    });
  });

  it('emails each requester once when retried after a mail failure', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'REJECT', reason: 'No.' });
    world.mailer.failSendsTo(BOB.email);

    await expect(closeWithoutOrganization(world.deps, requestId, 'REJECTED')).rejects.toThrow();
    await closeWithoutOrganization(world.deps, requestId, 'REJECTED');

    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(storedRequest(world, requestId).stage).toBe('REJECTED');
  });

  it('does nothing for a request that is already closed', async () => {
    const requestId = await reviewWithTwoRequesters();
    await closeWithoutOrganization(world.deps, requestId, 'EXPIRED');
    const closed = storedRequest(world, requestId);
    const sent = world.mailer.sent.length;

    const again = await closeWithoutOrganization(world.deps, requestId, 'REJECTED');

    expect(again).toEqual(closed);
    expect(world.mailer.sent).toHaveLength(sent);
  });

  it('lets a rejected requester submit again, and the new request claims the released domain', async () => {
    const requestId = await reviewWithTwoRequesters();
    await decide(world, requestId, { outcome: 'REJECT', reason: 'No.' });
    await closeWithoutOrganization(world.deps, requestId, 'REJECTED');
    const registered = await registerBusiness(world.deps, ADA.userId, aRegistrationInput());
    expect(registered.outcome).toBe('ORGANIZATION_REQUIRED');

    const { account } = await submitOrganizationRequest(
      world.deps,
      ADA.userId,
      storedRequest(world, requestId).organization,
    );
    const newId = account.organizationRequest?.requestId ?? '';

    expect(newId).not.toBe(requestId);
    expect(await validateRequest(world.deps, newId)).toEqual({ outcome: 'REVIEW' });
    expect(world.requests.claimHolder('acme.example')).toBe(newId);
  });
});
