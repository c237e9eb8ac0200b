import type { App } from '../app';
import type { Account } from '../api-types';
import { formatDate, h, replace } from '../dom';
import { t } from '../i18n';

/** AWAITING_APPROVAL: the join request waits for the organization's administrators (LIMITED until then). */
export function joinRequestPendingStep(_app: App, main: HTMLElement, account: Account): void {
  const request = account.joinRequest;
  replace(
    main,
    h('h1', {}, t('membershipWait.title')),
    h(
      'p',
      {},
      request
        ? t('membershipWait.sentOn', {
            organization: request.organizationName,
            date: formatDate(request.requestedAt),
          })
        : t('membershipWait.sent'),
    ),
    h('p', {}, account.nextStep.description),
  );
}

/** INVITATION_REQUIRED: the organization of this domain admits people by invitation only. */
export function invitationRequiredStep(_app: App, main: HTMLElement, account: Account): void {
  replace(
    main,
    h('h1', {}, t('membershipWait.invitationTitle')),
    h('p', {}, t('membershipWait.invitationOnly', { domain: account.emailDomain.domain })),
    h('p', {}, account.nextStep.description),
  );
}
