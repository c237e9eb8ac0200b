import { dueWorkOfAccount } from '../../domain/scheduled-work';
import * as emailTemplates from '../../email/templates';
import type { Dependencies } from '../dependencies';
import { forEachDue, type JobBudget, type JobReport } from './due-work';

type ReminderDependencies = Pick<Dependencies, 'accounts' | 'dueWork' | 'mailer' | 'clock' | 'portalUrl'> & {
  readonly reminderAfterSeconds: number;
};

/**
 * Reminds people who stopped half way, once per step: the email names their next step; the account then
 * records the step it was reminded in, which takes it out of the index until it moves on.
 * An account's index entry is set once and not moved as the account changes (reminderScheduleOf), so the entry
 * may come due early: the job reads the account again and, if the reminder is not due yet (the person moved on
 * since), moves the entry to the real due time; if none is due (finished, or at a step that is not reminded),
 * drops it. Both are saving the account with its schedule cleared, which the store then computes afresh.
 */
export async function remindStalledOnboarding(
  deps: ReminderDependencies,
  budget: JobBudget,
): Promise<JobReport> {
  return forEachDue(deps, 'ONBOARDING_REMINDER', budget, async (userId) => {
    const account = await deps.accounts.getAccount(userId);
    if (!account) return;
    const due = dueWorkOfAccount(account, deps.reminderAfterSeconds);
    const rescheduled = { ...account, reminderDueAt: undefined, revision: account.revision + 1 };
    if (!due || due.at > deps.clock.now()) {
      await deps.accounts.saveAccount(rescheduled, account.revision);
      return;
    }
    await deps.mailer.send(
      emailTemplates.onboardingReminder({
        to: account.email,
        locale: account.locale,
        firstName: account.firstName,
        step: account.state,
        portalUrl: deps.portalUrl,
      }),
    );
    await deps.accounts.saveAccount({ ...rescheduled, remindedIn: account.state }, account.revision);
  });
}
