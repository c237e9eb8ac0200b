import { nextStepOf } from '../../domain/onboarding';
import { retainUntil } from '../../domain/one-time-code';
import { dueWorkOfAccount } from '../../domain/scheduled-work';
import { emailTemplates } from '../../email/templates';
import type { Dependencies } from '../dependencies';
import { forEachDue, type JobBudget, type JobReport } from './due-work';

type ReminderDependencies = Pick<Dependencies, 'accounts' | 'dueWork' | 'mailer' | 'clock' | 'portalUrl'> & {
  readonly reminderAfterSeconds: number;
};

/**
 * Reminds people who stopped half way, once per step: the email names their next step; the account then
 * records the step it was reminded in, which takes it out of the index until it moves on.
 */
export async function remindStalledOnboarding(
  deps: ReminderDependencies,
  budget: JobBudget,
): Promise<JobReport> {
  return forEachDue(deps, 'ONBOARDING_REMINDER', budget, async (userId) => {
    const account = await deps.accounts.getAccount(userId);
    if (!account) return;
    const due = dueWorkOfAccount(account, deps.reminderAfterSeconds);
    const bumped = { ...account, revision: account.revision + 1 };
    if (due && due.at > deps.clock.now()) {
      // The account moved on without its index keys being rewritten: saving it puts them right.
      await deps.accounts.saveAccount(bumped, account.revision);
      return;
    }
    if (due) {
      await deps.mailer.send(
        emailTemplates.onboardingReminder({
          to: account.email,
          firstName: account.firstName,
          nextStep: nextStepOf(account.state).description,
          portalUrl: deps.portalUrl,
        }),
      );
    }
    await deps.accounts.saveAccount({ ...bumped, remindedIn: account.state }, account.revision);
  });
}

/** Deletes one-time codes that can neither be used nor throttle a send any more (DynamoDB TTL is lazy). */
export async function purgeDeadCodes(
  deps: Pick<Dependencies, 'accounts' | 'dueWork' | 'clock'>,
  budget: JobBudget,
): Promise<JobReport> {
  return forEachDue(deps, 'CODE_PURGE', budget, async (email) => {
    const state = await deps.accounts.getCodeState(email);
    if (state && retainUntil(state) <= deps.clock.now().getTime()) await deps.accounts.deleteCodeState(state);
  });
}
