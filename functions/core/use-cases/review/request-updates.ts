import type { OrganizationRequest } from '../../domain/organization-request';
import { ConcurrentUpdateError } from '../../ports';
import type { Dependencies } from '../dependencies';

export class RequestNotFoundError extends Error {
  override readonly name = 'RequestNotFoundError';
}

export async function loadRequest(
  deps: Pick<Dependencies, 'requests'>,
  requestId: string,
): Promise<OrganizationRequest> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new RequestNotFoundError(`no organization request ${requestId}`);
  return request;
}

const MAX_TRIES = 5;

/**
 * Reads the request, applies `change` and writes the result if nobody wrote meanwhile, else reads again and
 * retries: operators, the workflow and the jobs all write requests, and none of them may lose the others'
 * writes. `change` answers undefined when there is nothing to do; `close` writes through closeRequest.
 */
export async function updateRequest(
  deps: Pick<Dependencies, 'requests'>,
  requestId: string,
  change: (current: OrganizationRequest) => OrganizationRequest | undefined,
  options: { readonly close?: boolean } = {},
): Promise<OrganizationRequest> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await loadRequest(deps, requestId);
    const next = change(current);
    if (!next) return current;
    try {
      await (options.close ? deps.requests.closeRequest(next) : deps.requests.saveRequest(next));
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_TRIES) throw error;
    }
  }
}
