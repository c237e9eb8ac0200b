import type { App } from '../app';
import type { Account } from '../api-types';
import { h, replace } from '../dom';

/** AWAITING_APPROVAL: the join request waits for the organization's administrators (LIMITED until then). */
export function joinRequestPendingStep(_app: App, main: HTMLElement, account: Account): void {
  const request = account.joinRequest;
  replace(
    main,
    h('h1', {}, 'Waiting for approval'),
    h(
      'p',
      {},
      request
        ? `Your request to join ${request.organizationName} was sent to its administrators on ${new Date(request.requestedAt).toLocaleDateString()}.`
        : 'Your request to join your organization was sent to its administrators.',
    ),
    h('p', {}, account.nextStep.description),
  );
}

/** INVITATION_REQUIRED: the organization of this domain admits people by invitation only. */
export function invitationRequiredStep(_app: App, main: HTMLElement, account: Account): void {
  replace(
    main,
    h('h1', {}, 'Ask for an invitation'),
    h('p', {}, `The organization that uses ${account.emailDomain.domain} admits people by invitation only.`),
    h('p', {}, account.nextStep.description),
  );
}
