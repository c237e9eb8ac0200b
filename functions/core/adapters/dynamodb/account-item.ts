import type { Account } from '../../domain/account';
import { withReminderSchedule } from '../../domain/scheduled-work';
import { keys } from './table-design';

/**
 * The stored form of an account: its keys, the byDue keys of its reminder while one is scheduled, and the
 * byCollection keys of its domain while it waits in ORGANIZATION_REQUIRED. The
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
    // Found when an operator adds the domain to an organization (awaitingOrganization).
    ...(account.state === 'ORGANIZATION_REQUIRED' && account.emailDomainKind === 'WORK'
      ? keys.awaitingOrganization(account.emailDomain, account.userId)
      : {}),
  };
}
