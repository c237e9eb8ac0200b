import type { Account } from '../../domain/account';
import { dueWorkOfAccount } from '../../domain/scheduled-work';
import { keys } from './table-design';

/** The stored form of an account: its keys, and the byDue keys of its reminder while one is due. */
export function accountItem(account: Account, reminderAfterSeconds: number) {
  const reminder = dueWorkOfAccount(account, reminderAfterSeconds);
  return {
    ...keys.user(account.userId),
    entity: 'ACCOUNT',
    ...account,
    ...(reminder ? keys.due(reminder.kind, account.userId, reminder.at) : {}),
  };
}
