/**
 * The scheduled jobs: one table read by the CDK schedules (lib/schedules.ts, EventBridge rules → the jobs
 * function) and by the local timer (local/scheduler.ts), so both run the same jobs at the same pace.
 * Each rule invokes functions/jobs/scheduled-job.handler.ts with `{ "job": <name> }`.
 */
export const SCHEDULED_JOBS = {
  'finalize-reviews': {
    everyMinutes: 15,
    description:
      'Applies operator decisions the review workflow has not applied, and restarts reviews that never started',
  },
  'expire-reviews': {
    everyMinutes: 60,
    description: 'Expires organization requests past their review deadline',
  },
  'remind-stalled-onboarding': {
    everyMinutes: 60,
    description: 'Emails people who stopped half way through onboarding, once per step',
  },
  'roll-support-status': {
    everyMinutes: 60,
    description:
      'Moves products to EXPIRING or EXPIRED on the day their support status changes, with their counts',
  },
  'finish-erasures': {
    everyMinutes: 15,
    description:
      'Finishes erasures that stopped half way: deletes the Cognito user and the code item they left behind',
  },
  'send-support-digests': {
    everyMinutes: 60,
    description:
      'Emails each member who wants it the weekly digest of products entering EXPIRING or EXPIRED support (Mondays)',
  },
  'backfill-digest-schedules': {
    everyMinutes: 60,
    description:
      'Gives a support digest schedule to organizations imported before it existed (one pass, resumable; then a no-op)',
  },
  'measure-review-queue': {
    everyMinutes: 5,
    description: 'Publishes how many organization requests wait for a decision and the age of the oldest',
  },
} as const satisfies Record<string, { everyMinutes: number; description: string }>;

export type ScheduledJobName = keyof typeof SCHEDULED_JOBS;
export const SCHEDULED_JOB_NAMES = Object.keys(SCHEDULED_JOBS) as ScheduledJobName[];
