import { describe, expect, it } from 'vitest';
import { revised } from '../../functions/core/domain/organization-request';
import { ConcurrentUpdateError, InvalidCursorError } from '../../functions/core/ports';
import { fakeWorld } from './fakes';
import { anOrganization, anOrganizationRequest, anOrganizationSeeker, aWaitingRequester } from './fixtures';

/** The fakes keep the port contracts the use-case tests rely on; these pin the less obvious ones. */

const NOW = new Date('2025-03-03T10:00:00.000Z');

describe('InMemoryOrganizationRequestStore', () => {
  it('submits the request and the account together, or neither when the account changed', async () => {
    const world = fakeWorld();
    const account = anOrganizationSeeker({ revision: 4 });
    world.accounts.seedAccount(account);
    const request = anOrganizationRequest({ revision: 0 });
    const pending = aWaitingRequester(request.requestId, { revision: 5 });

    await expect(world.requests.submitRequest(request, pending, 3)).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    expect(world.requests.storedRequest(request.requestId)).toBeUndefined();

    await world.requests.submitRequest(request, pending, 4);
    expect(world.requests.storedRequest(request.requestId)).toEqual(request);
    expect(world.accounts.storedAccount(account.userId)).toEqual(pending);
  });

  it('saves a request only over the revision before it', async () => {
    const world = fakeWorld();
    const request = anOrganizationRequest({ revision: 2 });
    world.requests.seedRequest(request);

    await expect(world.requests.saveRequest({ ...request, revision: 4 })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    await world.requests.saveRequest(revised(request, NOW, { stage: 'IN_REVIEW' }));
    expect(world.requests.storedRequest(request.requestId)?.revision).toBe(3);
  });

  it('answers the holder of a domain claim, and releases it when the holder closes', async () => {
    const world = fakeWorld();
    const holder = anOrganizationRequest({ requestId: 'req-holder', revision: 1 });
    world.requests.seedRequest(holder);

    expect(await world.requests.claimDomain('acme.example', 'req-holder')).toBe('req-holder');
    expect(await world.requests.claimDomain('acme.example', 'req-other')).toBe('req-holder');
    await world.requests.closeRequest(revised(holder, NOW, { stage: 'REJECTED' }));
    expect(await world.requests.claimDomain('acme.example', 'req-other')).toBe('req-other');
  });

  it('merges nothing when any of its writes is refused', async () => {
    const world = fakeWorld();
    const holder = anOrganizationRequest({ requestId: 'req-holder', revision: 1 });
    const merged = anOrganizationRequest({ requestId: 'req-merged', revision: 1 });
    world.requests.seedRequest(holder);
    world.requests.seedRequest(merged);
    const follower = aWaitingRequester('req-merged', { userId: 'user-bob', revision: 5 });
    world.accounts.seedAccount(follower);

    await expect(
      world.requests.mergeRequest(revised(holder, NOW, {}), revised(merged, NOW, { stage: 'MERGED' }), [
        { account: { ...follower, organizationRequestId: 'req-holder', revision: 6 }, expectedRevision: 4 },
      ]),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);

    expect(world.requests.storedRequest('req-holder')).toEqual(holder);
    expect(world.requests.storedRequest('req-merged')).toEqual(merged);
    expect(world.accounts.storedAccount('user-bob')).toEqual(follower);
  });

  it('refuses a list cursor it did not issue', async () => {
    const world = fakeWorld();

    await expect(
      world.requests.listRequests({ open: true, limit: 1, cursor: 'nope' }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('InMemoryOrganizationDirectory', () => {
  it('creates once, activates a pending organization, and never removes one that is no longer pending', async () => {
    const world = fakeWorld();
    const pending = anOrganization({ organizationId: 'org-new', status: 'PENDING' });

    expect(await world.organizations.createOrganization(pending)).toBe(true);
    expect(await world.organizations.createOrganization(pending)).toBe(false);
    expect(await world.organizations.activateOrganization(pending)).toMatchObject({ status: 'ACTIVE' });
    await expect(world.organizations.removePendingOrganization(pending)).rejects.toThrow();
    expect(world.organizations.stored('org-new')?.status).toBe('ACTIVE');
    await world.organizations.removePendingOrganization(anOrganization({ organizationId: 'org-gone' }));
  });
});

describe('RecordingReviewWorkflow', () => {
  it('starts the same attempt once, and fails while unavailable', async () => {
    const world = fakeWorld();

    await world.workflow.start('req-1', 0);
    await world.workflow.start('req-1', 0);
    world.workflow.failNextStarts(1);
    await expect(world.workflow.start('req-1', 1)).rejects.toThrow();

    expect(world.workflow.executions).toEqual([{ requestId: 'req-1', attempt: 0 }]);
    expect(world.workflow.calls).toBe(3);
  });
});
