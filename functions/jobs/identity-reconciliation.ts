/**
 * The reconcile-identities job's schedule: its own function (functions/jobs/reconcile-identities.handler.ts,
 * with the user pool's admin calls that the other jobs do not need), on its own EventBridge rule
 * (lib/schedules.ts) and on the local timer (local/stack.ts).
 */
export const RECONCILE_IDENTITIES_SCHEDULE = {
  everyMinutes: 60,
  description:
    'Pages through the user pool and repairs drift from the accounts: removes sign-ins without an account, ' +
    'suspends accounts whose sign-in is disabled, flags organizations without a usable administrator',
} as const;

/** What the rules (the schedule and the CloudTrail rule) send to the function. */
export const RECONCILE_IDENTITIES_EVENT = { job: 'reconcile-identities' } as const;
