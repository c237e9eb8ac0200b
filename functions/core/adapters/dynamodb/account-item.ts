import type { Account } from '../../domain/account';
import { withReminderSchedule } from '../../domain/scheduled-work';
import { keys } from './table-design';

/**
 * The stored form of an account: its keys, and the byDue keys of its reminder while one is scheduled. The
 * reminder's time is kept from the account as read (`reminderDueAt`), so a write that only moves the account
 * on leaves its index entry alone (see reminderScheduleOf).
 */
export function accountItem(account: Account, reminderAfterSeconds: number) {
  const stored = withReminderSchedule(account, reminderAfterSeconds);
  return {
    ...keys.user(account.userId),
    entity: 'ACCOUNT',
    ...stored,
    ...(stored.reminderDueAt
      ? keys.due('ONBOARDING_REMINDER', account.userId, new Date(stored.reminderDueAt))
      : {}),
  };
}
