import type { Counts } from '../../functions/core/domain/portal-summary';
import { getPortalSummary } from '../../functions/core/use-cases/portal/get-summary';
import type { PortalDependencies } from '../../functions/core/use-cases/portal/portal-context';
import {
  readAsPortalMember,
  type PortalAccessDependencies,
} from '../../functions/core/use-cases/portal-access';

export type PortalDeps = PortalDependencies & Pick<PortalAccessDependencies, 'organizationStatus'>;
export type SummaryTotals = Counts;

/**
 * One `GET /v1/portal/summary` as functions/portal/get-summary.handler.ts serves it, minus HTTP: the caller's
 * account, then the Summary use case beside the organization's status (readAsPortalMember). Answers the totals,
 * which the bench checks.
 */
export async function requestSummary(deps: PortalDeps, userId: string): Promise<SummaryTotals> {
  const summary = await readAsPortalMember(deps, userId, (member) => getPortalSummary(deps, member));
  return summary.totals;
}
