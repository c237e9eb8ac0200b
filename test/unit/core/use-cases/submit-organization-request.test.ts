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

  describe('merge at submission: a colleague joins the open request for the domain', () => {
    const colleague = (userId: string, email: string) =>
      anOrganizationSeeker({ userId, email, firstName: 'Bob', lastName: 'Byte' });

    it('joins the open request in one write: one open request, both requesters, no second review', async () => {
      const ada = seeker();
      const first = await submitOrganizationRequest(world.deps, ada.userId, organizationDetails());
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);
      world.clock.advanceMinutes(3);

      const joined = await submitOrganizationRequest(
        world.deps,
        bob.userId,
        organizationDetails({ legalName: 'Acme (Bob) GmbH' }),
      );

      const requestId = first.account.organizationRequest?.requestId ?? '';
      expect(joined.created).toBe(true);
      expect(joined.account).toMatchObject({
        state: 'PENDING_ORGANIZATION',
        organizationRequest: { requestId, organization: { legalName: 'Acme Industries GmbH' } },
      });
      expect(world.requests.allRequests()).toHaveLength(1);
      expect(world.requests.storedRequest(requestId)).toMatchObject({
        requesters: [{ userId: ada.userId }, { userId: bob.userId }],
        acknowledged: [bob.userId],
        revision: 1,
      });
      expect(world.requests.storedRequest(requestId)?.history.at(-1)).toMatchObject({
        event: 'REQUESTERS_JOINED',
        by: 'bob@acme.example',
      });
      expect(world.accounts.storedAccount(bob.userId)).toMatchObject({
        state: 'PENDING_ORGANIZATION',
        organizationRequestId: requestId,
        revision: bob.revision + 1,
      });
      expect(world.workflow.executions).toEqual([{ requestId, attempt: 0 }]);
      expect(world.mailer.sentTo('bob@acme.example').map((m) => m.subject)).toEqual([
        'Your request joined the review of Acme Industries GmbH',
      ]);
    });

    it('answers the joined request (200) when the colleague repeats the call', async () => {
      const ada = seeker();
      await submitOrganizationRequest(world.deps, ada.userId, organizationDetails());
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);
      const joined = await submitOrganizationRequest(world.deps, bob.userId, organizationDetails());

      const again = await submitOrganizationRequest(world.deps, bob.userId, organizationDetails());

      expect(again.created).toBe(false);
      expect(again.account.organizationRequest?.requestId).toBe(
        joined.account.organizationRequest?.requestId,
      );
      expect(world.requests.allRequests()).toHaveLength(1);
    });

    it('two people submitting for a new domain at once: one open request, both its requesters', async () => {
      const ada = seeker();
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);

      const answers = await Promise.all([
        submitOrganizationRequest(world.deps, ada.userId, organizationDetails()),
        submitOrganizationRequest(world.deps, bob.userId, organizationDetails()),
      ]);

      const requests = world.requests.allRequests();
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expect(request?.requesters.map((r) => r.userId).sort()).toEqual([ada.userId, bob.userId].sort());
      expect(answers.map((answer) => answer.account.organizationRequest?.requestId)).toEqual([
        request?.requestId,
        request?.requestId,
      ]);
      expect(world.workflow.calls).toBe(1);
    });

    it('tries again when the open request changed meanwhile, and joins it', async () => {
      const ada = seeker();
      await submitOrganizationRequest(world.deps, ada.userId, organizationDetails());
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);
      world.requests.failNext('joinRequest', new ConcurrentUpdateError('request changed'));

      const joined = await submitOrganizationRequest(world.deps, bob.userId, organizationDetails());

      expect(joined.created).toBe(true);
      expect(world.requests.allRequests()).toHaveLength(1);
      expect(world.requests.allRequests()[0]?.requesters).toHaveLength(2);
    });

    it('opens a request of its own when the open one closed and released the domain meanwhile', async () => {
      const ada = seeker();
      const first = await submitOrganizationRequest(world.deps, ada.userId, organizationDetails());
      const firstId = first.account.organizationRequest?.requestId ?? '';
      const stored = world.requests.storedRequest(firstId);
      if (!stored) throw new Error('no request');
      // Rejected by an operator: closed, and its claim on the domain released.
      await world.requests.closeRequest({ ...stored, stage: 'REJECTED', revision: stored.revision + 1 });
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);

      const own = await submitOrganizationRequest(world.deps, bob.userId, organizationDetails());

      expect(own.account.organizationRequest?.requestId).not.toBe(firstId);
      expect(world.requests.claimHolder('acme.example')).toBe(own.account.organizationRequest?.requestId);
    });

    it('still answers when the joined email cannot be sent: the answer says it', async () => {
      const ada = seeker();
      await submitOrganizationRequest(world.deps, ada.userId, organizationDetails());
      const bob = colleague('user-bob', 'bob@acme.example');
      world.accounts.seedAccount(bob);
      world.mailer.failSendsTo('bob@acme.example');

      const joined = await submitOrganizationRequest(world.deps, bob.userId, organizationDetails());

      expect(joined.account.state).toBe('PENDING_ORGANIZATION');
      expect(world.requests.allRequests()[0]?.requesters).toHaveLength(2);
    });
  });

  it('answers 404 for a sign-in without an account', async () => {
    await expect(
      submitOrganizationRequest(world.deps, 'nobody', organizationDetails()),
    ).rejects.toMatchObject({ status: 404 });
  });
});
