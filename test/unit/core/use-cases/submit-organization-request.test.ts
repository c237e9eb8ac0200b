import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { submitOrganizationRequest } from '../../../../functions/core/use-cases/submit-organization-request';
import { fakeWorld, type FakeWorld } from '../../fakes';
import { anOrganization, anOrganizationSeeker, aCustomerEmployee, organizationDetails } from '../../fixtures';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

function seeker() {
  const account = anOrganizationSeeker();
  world.accounts.seedAccount(account);
  return account;
}

describe('submitOrganizationRequest', () => {
  it('records the request and the pending account together, and starts the review named after the request', async () => {
    const account = seeker();

    const { account: view, created } = await submitOrganizationRequest(
      world.deps,
      account.userId,
      organizationDetails(),
    );

    expect(created).toBe(true);
    const [request] = world.requests.allRequests();
    if (!request) throw new Error('no request was stored');
    expect(request).toMatchObject({
      domain: 'acme.example',
      stage: 'SUBMITTED',
      organization: organizationDetails(),
      requesters: [{ userId: account.userId, email: account.email }],
      workflowStarts: 1,
      revision: 0,
      submittedAt: world.clock.now().toISOString(),
    });
    expect(world.accounts.storedAccount(account.userId)).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      organizationRequestId: request.requestId,
      revision: account.revision + 1,
    });
    expect(world.workflow.executions).toEqual([{ requestId: request.requestId, attempt: 0 }]);
    expect(view).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      accessLevel: 'LIMITED',
      nextStep: { step: 'PENDING_ORGANIZATION' },
      organizationRequest: { requestId: request.requestId, stage: 'SUBMITTED', domain: 'acme.example' },
    });
  });

  it('answers the same request again, starting nothing new, when the requester repeats the call', async () => {
    const account = seeker();
    const first = await submitOrganizationRequest(world.deps, account.userId, organizationDetails());

    const again = await submitOrganizationRequest(
      world.deps,
      account.userId,
      organizationDetails({ legalName: 'Acme Again GmbH' }),
    );

    expect(again.created).toBe(false);
    expect(again.account.organizationRequest?.requestId).toBe(first.account.organizationRequest?.requestId);
    expect(again.account.organizationRequest?.organization.legalName).toBe('Acme Industries GmbH');
    expect(world.requests.allRequests()).toHaveLength(1);
    expect(world.workflow.calls).toBe(1);
  });

  it('answers 409 organization-exists, saving nothing, when an organization owns the domain by now', async () => {
    const account = seeker();
    world.organizations.add(anOrganization());

    const error = await submitOrganizationRequest(world.deps, account.userId, organizationDetails()).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      type: 'organization-exists',
      extensions: { nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' } },
    });
    expect(world.requests.allRequests()).toEqual([]);
    expect(world.accounts.storedAccount(account.userId)).toEqual(account);
    expect(world.workflow.calls).toBe(0);
  });

  it('ignores an organization that is still pending (another review) or a partner', async () => {
    const account = seeker();
    world.organizations.add(anOrganization({ organizationId: 'org-other', status: 'PENDING' }));
    world.organizations.add(anOrganization({ organizationId: 'org-partner', kind: 'PARTNER' }));

    const { created } = await submitOrganizationRequest(world.deps, account.userId, organizationDetails());

    expect(created).toBe(true);
  });

  it('still answers 202 and keeps the request when the workflow cannot be started; the job starts it later', async () => {
    const account = seeker();
    world.workflow.makeUnavailable();

    const { created, account: view } = await submitOrganizationRequest(
      world.deps,
      account.userId,
      organizationDetails(),
    );

    expect(created).toBe(true);
    expect(world.workflow.executions).toEqual([]);
    const requestId = view.organizationRequest?.requestId ?? '';
    expect(world.requests.storedRequest(requestId)).toMatchObject({ stage: 'SUBMITTED' });
    expect(world.accounts.storedAccount(account.userId)?.state).toBe('PENDING_ORGANIZATION');
    world.clock.advanceMinutes(11);
    expect((await world.dueWork.duePage('REVIEW_START', world.clock.now(), 10)).ids).toEqual([requestId]);
  });

  it('answers 409 organization-request-not-expected for a person who may join an organization', async () => {
    const account = aCustomerEmployee();
    world.accounts.seedAccount(account);

    await expect(
      submitOrganizationRequest(world.deps, account.userId, organizationDetails()),
    ).rejects.toMatchObject({ status: 409, type: 'organization-request-not-expected' });
    expect(world.requests.allRequests()).toEqual([]);
  });

  it('answers 409 concurrent-update, starting nothing, when the account changed meanwhile', async () => {
    const account = seeker();
    world.requests.failNext('submitRequest', new ConcurrentUpdateError('account changed'));

    await expect(
      submitOrganizationRequest(world.deps, account.userId, organizationDetails()),
    ).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
    expect(world.workflow.calls).toBe(0);
  });

  it('answers 404 for a sign-in without an account', async () => {
    await expect(
      submitOrganizationRequest(world.deps, 'nobody', organizationDetails()),
    ).rejects.toMatchObject({ status: 404 });
  });
});
