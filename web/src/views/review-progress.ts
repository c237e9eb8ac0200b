import type { App } from '../app';
import type { Account, OrganizationRequestView, ReviewStage } from '../api-types';
import { formatDateTime, h, replace } from '../dom';

/** How often the page asks again while the review is open. */
const POLL_MS = 5_000;

const STEPS = [
  { key: 'SUBMITTED', label: 'Submitted' },
  { key: 'IN_REVIEW', label: 'In review' },
  { key: 'DECIDED', label: 'Decided' },
] as const;

function stepOf(stage: ReviewStage): (typeof STEPS)[number]['key'] {
  if (stage === 'SUBMITTED') return 'SUBMITTED';
  if (stage === 'IN_REVIEW' || stage === 'ESCALATED' || stage === 'NEEDS_ATTENTION' || stage === 'MERGED')
    return 'IN_REVIEW';
  return 'DECIDED';
}

const STAGE_TEXT: Record<ReviewStage, string> = {
  SUBMITTED: 'Your request is submitted; the review is starting.',
  IN_REVIEW: 'Our support team is reviewing your organization.',
  ESCALATED: 'The review is taking longer than planned; it has been escalated.',
  NEEDS_ATTENTION: 'The review is delayed by a technical problem; our team is on it.',
  MERGED: 'A colleague already submitted your organization: you wait for the same review.',
  ACTIVATED: 'Your organization is approved.',
  REJECTED: 'Your organization was not approved.',
  EXPIRED: 'The review expired before a decision.',
  CLOSED: 'Your organization already exists: register again to join it.',
};

/** PENDING_ORGANIZATION: the review's progress from GET /v1/me, asked again every few seconds. */
export function reviewProgressStep(app: App, main: HTMLElement, account: Account): void {
  const progress = h('div', {});
  let lastStage: ReviewStage | undefined;

  function show(request: OrganizationRequestView | null): void {
    if (!request) {
      replace(progress, h('p', {}, 'Your request is being recorded.'));
      return;
    }
    const current = stepOf(request.stage);
    const currentIndex = STEPS.findIndex((step) => step.key === current);
    replace(
      progress,
      h('p', { class: 'stage' }, h('strong', {}, 'Status: '), STAGE_TEXT[request.stage]),
      h(
        'ol',
        { class: 'progress', 'aria-label': 'Review progress' },
        STEPS.map((step, index) =>
          h(
            'li',
            {
              class: index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo',
              'aria-current': index === currentIndex ? 'step' : undefined,
            },
            step.label,
            index < currentIndex ? h('span', { class: 'visually-hidden' }, ' (done)') : null,
          ),
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Organization'),
        h('dd', {}, request.organization.legalName),
        h('dt', {}, 'Email domain'),
        h('dd', {}, request.domain),
        h('dt', {}, 'Submitted'),
        h('dd', {}, formatDateTime(request.submittedAt)),
        request.decisionExpectedBy
          ? [h('dt', {}, 'Decision expected by'), h('dd', {}, formatDateTime(request.decisionExpectedBy))]
          : null,
      ),
    );
    if (lastStage && lastStage !== request.stage) app.announce(`Review status: ${STAGE_TEXT[request.stage]}`);
    lastStage = request.stage;
  }

  async function check(): Promise<void> {
    const latest = await app.account({ fresh: true });
    if (latest.state !== 'PENDING_ORGANIZATION') {
      app.navigate(latest.state === 'ACTIVE' ? '/portal' : '/onboarding', {
        message: latest.state === 'ACTIVE' ? 'Your organization is approved.' : 'Your review has ended.',
      });
      return;
    }
    show(latest.organizationRequest);
  }

  const timer = window.setInterval(() => void check().catch(() => undefined), POLL_MS);
  app.onLeave(() => window.clearInterval(timer));
  show(account.organizationRequest);
  replace(
    main,
    h('h1', {}, 'Your organization is under review'),
    h(
      'p',
      {},
      'You can close this page: we email you when the review is decided. Meanwhile your account has limited access.',
    ),
    progress,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => void check().then(() => app.announce('Status checked.')),
      },
      'Check again',
    ),
  );
}
