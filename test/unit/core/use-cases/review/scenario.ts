import type { Account } from '../../../../../functions/core/domain/account';
import {
  recordDecision,
  type DecisionInput,
} from '../../../../../functions/core/domain/organization-request';
import { submitOrganizationRequest } from '../../../../../functions/core/use-cases/submit-organization-request';
import type { FakeWorld } from '../../../fakes';
import { anOrganizationSeeker, OPERATOR, organizationDetails } from '../../../fixtures';

/** Steps of the organization review, taken with the real use cases against the fakes. */

export const ADA = { userId: 'user-ada', email: 'ada@acme.example', firstName: 'Ada' } as const;
export const BOB = { userId: 'user-bob', email: 'bob@acme.example', firstName: 'Bob' } as const;

/** Seeds a person at ORGANIZATION_REQUIRED (Ada unless overridden) and submits their organization. */
export async function submitAs(
  world: FakeWorld,
  overrides: Partial<Account> = {},
): Promise<{ readonly account: Account; readonly requestId: string }> {
  const account = anOrganizationSeeker(overrides);
  world.accounts.seedAccount(account);
  const { account: view } = await submitOrganizationRequest(
    world.deps,
    account.userId,
    organizationDetails(),
  );
  const requestId = view.organizationRequest?.requestId;
  if (!requestId) throw new Error('the submission answered no request');
  return { account, requestId };
}

export function submitAsBob(world: FakeWorld) {
  return submitAs(world, {
    userId: BOB.userId,
    email: BOB.email,
    firstName: BOB.firstName,
    lastName: 'Byte',
  });
}

/**
 * Bob's own request for acme.example as the version before merge at submission wrote it: without the claim on
 * the domain, so it opens beside Ada's (requests in flight when merge at submission was deployed). The
 * workflow's validation still folds such a request into the open one; these tests pin that path.
 */
export async function submitAsBobUnclaimed(world: FakeWorld) {
  const holder = world.requests.claimHolder('acme.example');
  world.requests.setClaim('acme.example', undefined);
  try {
    return await submitAsBob(world);
  } finally {
    world.requests.setClaim('acme.example', holder);
  }
}

/** Records an operator's decision directly in the store (as the operator route does). */
export async function decide(world: FakeWorld, requestId: string, input: DecisionInput): Promise<void> {
  const current = world.requests.storedRequest(requestId);
  if (!current) throw new Error(`no request ${requestId}`);
  const { request } = recordDecision(current, input, OPERATOR, world.clock.now());
  await world.requests.saveRequest(request);
}

export function storedRequest(world: FakeWorld, requestId: string) {
  const request = world.requests.storedRequest(requestId);
  if (!request) throw new Error(`no request ${requestId}`);
  return request;
}
