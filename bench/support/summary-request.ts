import type { Counts } from '../../functions/core/domain/portal-summary';
import { getPortalSummary } from '../../functions/core/use-cases/portal/get-summary';
import type { PortalDependencies } from '../../functions/core/use-cases/portal/portal-context';
import { requirePortalMember } from '../../functions/core/use-cases/portal-access';

export type PortalDeps = PortalDependencies;
export type SummaryTotals = Counts;

/**
 * One `GET /v1/portal/summary` as functions/portal/get-summary.handler.ts serves it, minus HTTP: the caller's
 * account (requirePortalMember), then the Summary use case. Answers the totals, which the bench checks.
 */
export async function requestSummary(deps: PortalDeps, userId: string): Promise<SummaryTotals> {
  const member = await requirePortalMember({ accounts: deps.accounts }, userId);
  const summary = await getPortalSummary(deps, member);
  return summary.totals;
}
