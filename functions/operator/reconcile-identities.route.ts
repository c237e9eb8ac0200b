import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';

const count = (description: string) => z.int().check(z.minimum(0), z.meta({ description }));

/** What one run of identity reconciliation did (functions/core/use-cases/jobs/reconcile-identities.ts). */
/* @__NO_SIDE_EFFECTS__ */
export function reconciliationAnswer() {
  return z
    .strictObject({
      checked: count('Users of the pool looked at in this run'),
      removedIdentities: count('Sign-ins without an account, past the grace period, removed'),
      suspendedAccounts: count('Accounts suspended because their sign-in is disabled'),
      liftedSuspensions: count('Suspensions lifted because the sign-in is enabled again'),
      backfilledAddressItems: count(
        'Address items claimed for verified accounts that had none (accounts verified before address items)',
      ),
      organizationsWithoutUsableAdministrator: z
        .array(z.string())
        .check(z.meta({ description: 'Organizations none of whose administrators can sign in' })),
      done: count('Repairs made'),
      failed: count('Repairs that failed; the next pass tries them again'),
      unfinished: z
        .boolean()
        .check(z.meta({ description: 'The run stopped at its time budget: call again to go on' })),
      passCompleted: z
        .boolean()
        .check(z.meta({ description: 'This run finished a whole pass over the pool' })),
    })
    .check(z.meta({ description: 'What one run of identity reconciliation did' }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function reconcileIdentitiesAnswers() {
  return { 200: reconciliationAnswer() };
}

export const reconcileIdentitiesRoute = route({
  id: 'reconcileIdentities',
  method: 'POST',
  path: '/v1/operator/identity-reconciliation',
  auth: 'operator',
  handler: 'functions/operator/reconcile-identities.handler.ts',
  summary:
    'Operators: run identity reconciliation now, for up to about 20 seconds, from where the last run stopped',
  body: undefined,
  success: { 200: 'What the run did; `unfinished` says whether to call again' },
  responses: answersOf<typeof reconcileIdentitiesAnswers>(),
  grants: ['table:write', 'identity:reconcile'],
  function: { timeoutSeconds: 29 },
});
