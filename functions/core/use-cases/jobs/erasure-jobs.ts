import type { AccountExitStore } from '../../ports';
import { finishErasure } from '../account/erase-account';
import type { Dependencies } from '../dependencies';
import { forEachDue, type JobBudget, type JobReport } from './due-work';

export type ErasureJobDependencies = Pick<Dependencies, 'dueWork' | 'clock' | 'identity'> & {
  readonly accounts: AccountExitStore;
};

/**
 * Finishes each erasure still pending ERASURE_GRACE_SECONDS after it began (the person's request stopped after
 * the account was erased): the code item and the Cognito user are deleted, then the record keeps nothing
 * personal and leaves the byDue index. Each step is idempotent, so a rerun or a request finishing at the same
 * moment is harmless; a record already finished is not due any more.
 */
export async function finishErasures(deps: ErasureJobDependencies, budget: JobBudget): Promise<JobReport> {
  return forEachDue(deps, 'ERASURE', budget, async (erasureId) => {
    const record = await deps.accounts.getErasure(erasureId);
    if (record) await finishErasure(deps, record);
  });
}
