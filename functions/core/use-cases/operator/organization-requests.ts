import { recordDecision, type DecisionInput, type Operator } from '../../domain/organization-request';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { ConcurrentUpdateError, InvalidCursorError } from '../../ports';
import type { Dependencies } from '../dependencies';
import { operatorRequestView } from '../organization-request-view';
import { RequestNotFoundError, updateRequest } from '../review/request-updates';
import { metrics } from '../../metrics';
import * as problemDetails from '../../i18n/details/compiled/index';

type OperatorDependencies = Pick<Dependencies, 'requests' | 'clock'>;

/** Open requests (waiting for a decision, or parked in NEEDS_ATTENTION) or closed ones, newest first. */
export async function listOrganizationRequests(
  deps: OperatorDependencies,
  query: { readonly status: 'open' | 'closed'; readonly limit: number; readonly cursor?: string | undefined },
) {
  try {
    const page = await deps.requests.listRequests({
      open: query.status === 'open',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.requests.map(operatorRequestView), nextCursor: page.cursor ?? null };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ValidationError('The cursor is not valid for this list.', [
        { pointer: 'query:/cursor', detail: 'is not a cursor this list issued' },
      ]).keyed(problemDetails.cursorInvalid);
    }
    throw error;
  }
}

export async function getOrganizationRequest(deps: OperatorDependencies, requestId: string) {
  const request = await deps.requests.getRequest(requestId);
  if (!request)
    throw new NotFoundError(`There is no organization request ${requestId}.`).keyed(
      problemDetails.noOrganizationRequest,
      {
        requestId,
      },
    );
  return operatorRequestView(request);
}

/**
 * Records an operator's decision (who, when, what; the history keeps it). The workflow applies it at its next
 * check, or the finalize-reviews job does. Deciding the same way twice is one decision (`recorded: false` the
 * second time); deciding differently afterwards is a 409.
 */
export async function decideOrganizationRequest(
  deps: OperatorDependencies,
  requestId: string,
  input: DecisionInput,
  operator: Operator,
) {
  let recorded = false;
  try {
    const request = await updateRequest(deps, requestId, (current) => {
      const result = recordDecision(current, input, operator, deps.clock.now());
      recorded = result.changed;
      return result.changed ? result.request : undefined;
    });
    if (recorded) metrics.count('ReviewsDecided', input.outcome === 'APPROVE' ? 'approved' : 'rejected');
    return { recorded, request: operatorRequestView(request) };
  } catch (error) {
    if (error instanceof RequestNotFoundError) {
      throw new NotFoundError(`There is no organization request ${requestId}.`).keyed(
        problemDetails.noOrganizationRequest,
        {
          requestId,
        },
      );
    }
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'The request kept changing while the decision was being recorded. Reload it and decide again.',
      ).keyed(problemDetails.decisionRaced);
    }
    throw error;
  }
}
