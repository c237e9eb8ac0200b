import { dayOf } from '../../domain/portal';
import type { PortalInventoryWriter } from '../../ports';
import type { Dependencies } from '../dependencies';
import { forEachDue, type JobBudget, type JobReport } from './due-work';

export type SupportStatusJobDependencies = Pick<Dependencies, 'dueWork' | 'clock'> & {
  readonly inventory: PortalInventoryWriter;
};

/**
 * Moves each product whose support status changes today (to EXPIRING, or to EXPIRED) to its new status, with
 * its site's counters, in one transaction per product; the product then leaves the index or is due again on
 * its next change. A product that was already moved (a repeat, or an import meanwhile) is left as is; one
 * that fails stays due and the next run tries again.
 */
export async function rollSupportStatus(
  deps: SupportStatusJobDependencies,
  budget: JobBudget,
): Promise<JobReport> {
  const today = dayOf(deps.clock.now());
  return forEachDue(deps, 'SUPPORT_STATUS', budget, async (productRef) => {
    await deps.inventory.rollSupportStatus(productRef, today);
  });
}
