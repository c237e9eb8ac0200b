import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { metrics } from '../../../../functions/core/metrics';
import { measureReviewQueue } from '../../../../functions/core/use-cases/jobs/review-jobs';
import { decideOrganizationRequest } from '../../../../functions/core/use-cases/operator/organization-requests';
import { registerBusiness } from '../../../../functions/core/use-cases/register-business';
import { parkForAttention } from '../../../../functions/core/use-cases/review/review-tasks';
import { signUp } from '../../../../functions/core/use-cases/sign-up';
import { submitOrganizationRequest } from '../../../../functions/core/use-cases/submit-organization-request';
import { verifyEmail } from '../../../../functions/core/use-cases/verify-email';
import {
  aCustomerEmployee,
  anOrganization,
  anOrganizationSeeker,
  aRegistrationInput,
  aRequestInReview,
  OPERATOR,
  organizationDetails,
} from '../../fixtures';
import { codeIn, fakeWorld } from '../../fakes';

/** The business metrics the use cases record (functions/core/metrics.ts), as the dashboard reads them. */

let count: MockInstance<(...args: unknown[]) => void>;
let gauge: MockInstance<(...args: unknown[]) => void>;

beforeEach(() => {
  count = vi.spyOn(metrics, 'count').mockImplementation(() => undefined) as unknown as typeof count;
  gauge = vi.spyOn(metrics, 'gauge').mockImplementation(() => undefined) as unknown as typeof gauge;
});
afterEach(() => {
  vi.restoreAllMocks();
});

const counted = () => count.mock.calls.map((call) => call.filter((part) => part !== undefined));

describe('business metrics', () => {
  it('counts a sign-up, the code it sent, and the verification', async () => {
    const world = fakeWorld();
    await signUp(world.deps, {
      email: 'ada@acme.example',
      password: 'Correct-Horse-42',
      firstName: 'Ada',
      lastName: 'Lovelace',
      country: 'GB',
    });
    const code = codeIn(world.mailer.sent[0]!);

    await verifyEmail(world.deps, { email: 'ada@acme.example', code });

    expect(counted()).toEqual([['SignUps'], ['CodesSent'], ['EmailVerifications']]);
  });

  it('counts nothing for a verification that fails', async () => {
    const world = fakeWorld();

    await expect(verifyEmail(world.deps, { email: 'nobody@acme.example', code: '123456' })).rejects.toThrow();

    expect(counted()).toEqual([]);
  });

  it('counts an activation with one matching organization as single', async () => {
    const world = fakeWorld({ organizations: [anOrganization({ administratorCount: 1 })] });
    const account = aCustomerEmployee();
    world.accounts.seedAccount(account);

    await registerBusiness(world.deps, account.userId, aRegistrationInput());

    expect(counted()).toEqual([['Activations', 'single']]);
  });

  it('counts a registration refused for a personal email address', async () => {
    const world = fakeWorld();
    const account = aCustomerEmployee({
      email: 'ada@gmail.com',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    });
    world.accounts.seedAccount(account);

    await expect(registerBusiness(world.deps, account.userId, aRegistrationInput())).rejects.toThrow();

    expect(counted()).toEqual([['WebmailRegistrationsRefused']]);
  });

  it('counts a review opened at submission and decided by an operator, once', async () => {
    const world = fakeWorld();
    const seeker = anOrganizationSeeker();
    world.accounts.seedAccount(seeker);

    const submitted = await submitOrganizationRequest(world.deps, seeker.userId, organizationDetails());
    const requestId = submitted.account.organizationRequest?.requestId;
    if (!requestId) throw new Error('expected a request');
    await decideOrganizationRequest(
      world.deps,
      requestId,
      { outcome: 'REJECT', reason: 'Unknown' },
      OPERATOR,
    );
    await decideOrganizationRequest(
      world.deps,
      requestId,
      { outcome: 'REJECT', reason: 'Unknown' },
      OPERATOR,
    );

    expect(counted()).toEqual([['ReviewsOpened'], ['ReviewsDecided', 'rejected']]);
  });

  it('counts a request parked for attention once, however often the workflow parks it', async () => {
    const world = fakeWorld();
    const request = aRequestInReview();
    world.requests.seedRequest(request);

    await parkForAttention(world.deps, request.requestId, { Error: 'Boom', Cause: 'boom' });
    await parkForAttention(world.deps, request.requestId, { Error: 'Boom', Cause: 'boom' });

    expect(counted()).toEqual([['ReviewsParked']]);
  });

  it('samples the review queue: how many wait and the age of the oldest in seconds, acting on none', async () => {
    const world = fakeWorld();
    const now = world.clock.now().getTime();
    world.requests.seedRequest(
      aRequestInReview({ requestId: 'req-old', submittedAt: new Date(now - 7200_000).toISOString() }),
    );
    world.requests.seedRequest(
      aRequestInReview({
        requestId: 'req-new',
        domain: 'other.example',
        submittedAt: new Date(now - 60_000).toISOString(),
      }),
    );

    const report = await measureReviewQueue(world.deps);

    // Nothing acted on: `npm start` prints a job's run only when it did something.
    expect(report).toEqual({ done: 0, failed: 0, unfinished: false });
    expect(gauge.mock.calls).toEqual([
      ['OpenReviews', 2],
      ['OldestOpenReviewAge', 7200],
    ]);
  });

  it('samples an empty review queue as 0 waiting, age 0', async () => {
    const world = fakeWorld();

    await measureReviewQueue(world.deps);

    expect(gauge.mock.calls).toEqual([
      ['OpenReviews', 0],
      ['OldestOpenReviewAge', 0],
    ]);
  });
});
