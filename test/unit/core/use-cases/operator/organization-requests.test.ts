import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../../functions/core/ports';
import {
  decideOrganizationRequest,
  getOrganizationRequest,
  listOrganizationRequests,
} from '../../../../../functions/core/use-cases/operator/organization-requests';
import { fakeWorld, type FakeWorld } from '../../../fakes';
import { anOrganizationRequest, aRequestInReview, OPERATOR } from '../../../fixtures';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

/** Requests submitted one minute apart, `req-…01` first. */
function seedRequests(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const requestId = `req-${String(index + 1).padStart(8, '0')}`;
    const submittedAt = new Date(Date.parse('2025-03-03T09:00:00.000Z') + index * 60_000).toISOString();
    world.requests.seedRequest(aRequestInReview({ requestId, submittedAt }));
    return requestId;
  });
}

describe('listOrganizationRequests', () => {
  it('lists open requests newest first, a page at a time, until the cursor runs out', async () => {
    const ids = seedRequests(5);
    world.requests.seedRequest(aRequestInReview({ requestId: 'req-closed-01', stage: 'ACTIVATED' }));
    world.requests.seedRequest(aRequestInReview({ requestId: 'req-closed-02', stage: 'REJECTED' }));

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listOrganizationRequests(world.deps, { status: 'open', limit: 2, cursor });
      pages.push(page.items.map((item) => item.requestId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(pages.flat()).toEqual([...ids].reverse());
    expect(pages[0]).toHaveLength(2);
  });

  it('lists closed requests apart from open ones', async () => {
    seedRequests(2);
    world.requests.seedRequest(aRequestInReview({ requestId: 'req-closed-01', stage: 'REJECTED' }));

    const page = await listOrganizationRequests(world.deps, { status: 'closed', limit: 25 });

    expect(page.items.map((item) => item.requestId)).toEqual(['req-closed-01']);
    expect(page.nextCursor).toBeNull();
  });

  it('shows operators the requesters, the decision and the history', async () => {
    world.requests.seedRequest(
      aRequestInReview({
        decision: {
          outcome: 'APPROVED',
          note: 'ok',
          decidedBy: OPERATOR,
          decidedAt: '2025-03-04T10:00:00.000Z',
        },
      }),
    );

    const { items } = await listOrganizationRequests(world.deps, { status: 'open', limit: 25 });

    expect(items[0]).toMatchObject({
      requesters: [{ email: 'ada@acme.example' }],
      decision: { outcome: 'APPROVED', note: 'ok', decidedBy: OPERATOR },
      history: [{ event: 'SUBMITTED' }],
    });
  });

  it('answers 400 for a cursor this list did not issue', async () => {
    seedRequests(3);
    const openPage = await listOrganizationRequests(world.deps, { status: 'open', limit: 1 });

    await expect(
      listOrganizationRequests(world.deps, { status: 'open', limit: 1, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      listOrganizationRequests(world.deps, {
        status: 'closed',
        limit: 1,
        cursor: openPage.nextCursor ?? undefined,
      }),
    ).rejects.toMatchObject({ status: 400, extensions: { errors: [{ pointer: 'query:/cursor' }] } });
  });
});

describe('getOrganizationRequest', () => {
  it('answers the request as operators see it', async () => {
    world.requests.seedRequest(aRequestInReview());

    const view = await getOrganizationRequest(world.deps, 'req-00000001');

    expect(view).toMatchObject({ requestId: 'req-00000001', stage: 'IN_REVIEW', decision: null });
  });

  it('answers 404 for a request that does not exist', async () => {
    await expect(getOrganizationRequest(world.deps, 'req-missing')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('decideOrganizationRequest', () => {
  it('records the decision with who decided and when (recorded: true)', async () => {
    world.requests.seedRequest(aRequestInReview());

    const result = await decideOrganizationRequest(
      world.deps,
      'req-00000001',
      { outcome: 'APPROVE', note: 'verified' },
      OPERATOR,
    );

    expect(result.recorded).toBe(true);
    expect(result.request.decision).toEqual({
      outcome: 'APPROVED',
      note: 'verified',
      decidedBy: OPERATOR,
      decidedAt: world.clock.now().toISOString(),
    });
    expect(world.requests.storedRequest('req-00000001')?.decision?.outcome).toBe('APPROVED');
  });

  it('records one decision when the same decision is sent twice (recorded: false the second time)', async () => {
    world.requests.seedRequest(aRequestInReview());
    await decideOrganizationRequest(world.deps, 'req-00000001', { outcome: 'APPROVE' }, OPERATOR);
    const stored = world.requests.storedRequest('req-00000001');
    world.clock.advanceMinutes(1);

    const again = await decideOrganizationRequest(
      world.deps,
      'req-00000001',
      { outcome: 'APPROVE' },
      OPERATOR,
    );

    expect(again.recorded).toBe(false);
    expect(world.requests.storedRequest('req-00000001')).toEqual(stored);
    expect(again.request.decision?.decidedAt).toBe(stored?.decision?.decidedAt);
  });

  it('answers 409 for a decision that contradicts the recorded one, keeping the recorded one', async () => {
    world.requests.seedRequest(aRequestInReview());
    await decideOrganizationRequest(world.deps, 'req-00000001', { outcome: 'APPROVE' }, OPERATOR);

    await expect(
      decideOrganizationRequest(world.deps, 'req-00000001', { outcome: 'REJECT', reason: 'no' }, OPERATOR),
    ).rejects.toMatchObject({ status: 409, type: 'decision-already-recorded' });
    expect(world.requests.storedRequest('req-00000001')?.decision?.outcome).toBe('APPROVED');
  });

  it('answers 409 for a decision on a closed request', async () => {
    world.requests.seedRequest(aRequestInReview({ stage: 'EXPIRED' }));

    await expect(
      decideOrganizationRequest(world.deps, 'req-00000001', { outcome: 'APPROVE' }, OPERATOR),
    ).rejects.toMatchObject({ status: 409, type: 'request-closed' });
  });

  it('answers 404 for a request that does not exist', async () => {
    await expect(
      decideOrganizationRequest(world.deps, 'req-missing', { outcome: 'APPROVE' }, OPERATOR),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a write made meanwhile by the workflow and records the decision over it', async () => {
    world.requests.seedRequest(anOrganizationRequest({ stage: 'IN_REVIEW', revision: 3 }));
    world.requests.failNext('saveRequest', new ConcurrentUpdateError('written meanwhile'));

    const result = await decideOrganizationRequest(
      world.deps,
      'req-00000001',
      { outcome: 'REJECT', reason: 'Unknown company' },
      OPERATOR,
    );

    expect(result.recorded).toBe(true);
    expect(world.requests.storedRequest('req-00000001')).toMatchObject({
      decision: { outcome: 'REJECTED', reason: 'Unknown company' },
      revision: 4,
    });
  });
});
