import type { App } from '../app';
import { accessTypeStep } from './access-type';
import { chooseOrganizationStep } from './choose-organization';
import { invitationRequiredStep, joinRequestPendingStep } from './membership-wait';
import { organizationRequestStep } from './organization-request';
import { partnerStep } from './partner';
import { registrationStep } from './registration';
import { reviewProgressStep } from './review-progress';
import { verifyView } from './verify';

/**
 * Where a signed-in person resumes: GET /v1/me says the state, and each state has its step. A step that moves
 * the account on navigates here again, so a reload or a later visit lands on the same step.
 */
export async function onboardingView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const account = await app.account({ fresh: true });
  switch (account.state) {
    case 'VERIFY_EMAIL':
      return verifyView(app, main, new URL(`/verify?email=${encodeURIComponent(account.email)}`, url));
    case 'CHOOSE_ACCESS_TYPE':
      return accessTypeStep(app, main, account);
    case 'REGISTER_BUSINESS':
      return registrationStep(app, main, account);
    case 'PARTNER_REFERRED':
      return partnerStep(app, main, account);
    case 'CHOOSE_ORGANIZATION':
      return chooseOrganizationStep(app, main, account);
    case 'ORGANIZATION_REQUIRED':
      return organizationRequestStep(app, main, account);
    case 'PENDING_ORGANIZATION':
      return reviewProgressStep(app, main, account);
    case 'AWAITING_APPROVAL':
      return joinRequestPendingStep(app, main, account);
    case 'INVITATION_REQUIRED':
      return invitationRequiredStep(app, main, account);
    case 'ACTIVE':
      app.navigate('/portal', { replace: true });
      return;
  }
}
