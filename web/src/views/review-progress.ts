import type { App } from '../app';
import type { Account, OrganizationRequestView, ReviewStage } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { t, type MessageKey } from '../i18n';

/** How often the page asks again while the review is open. */
const POLL_MS = 5_000;

const STEPS: readonly { key: 'SUBMITTED' | 'IN_REVIEW' | 'DECIDED'; label: MessageKey }[] = [
  { key: 'SUBMITTED', label: 'reviewProgress.steps.submitted' },
  { key: 'IN_REVIEW', label: 'reviewProgress.steps.inReview' },
  { key: 'DECIDED', label: 'reviewProgress.steps.decided' },
];

function stepOf(stage: ReviewStage): 'SUBMITTED' | 'IN_REVIEW' | 'DECIDED' {
  if (stage === 'SUBMITTED') return 'SUBMITTED';
  if (stage === 'IN_REVIEW' || stage === 'ESCALATED' || stage === 'NEEDS_ATTENTION' || stage === 'MERGED')
    return 'IN_REVIEW';
  return 'DECIDED';
}

const STAGE_TEXT: Record<ReviewStage, MessageKey> = {
  SUBMITTED: 'reviewProgress.stages.SUBMITTED',
  IN_REVIEW: 'reviewProgress.stages.IN_REVIEW',
  ESCALATED: 'reviewProgress.stages.ESCALATED',
  NEEDS_ATTENTION: 'reviewProgress.stages.NEEDS_ATTENTION',
  MERGED: 'reviewProgress.stages.MERGED',
  ACTIVATED: 'reviewProgress.stages.ACTIVATED',
  REJECTED: 'reviewProgress.stages.REJECTED',
  EXPIRED: 'reviewProgress.stages.EXPIRED',
  CLOSED: 'reviewProgress.stages.CLOSED',
};

/** PENDING_ORGANIZATION: the review's progress from GET /v1/me, asked again every few seconds. */
export function reviewProgressStep(app: App, main: HTMLElement, account: Account): void {
  const progress = h('div', {});
  let lastStage: ReviewStage | undefined;

  function show(request: OrganizationRequestView | null): void {
    if (!request) {
      replace(progress, h('p', {}, t('reviewProgress.recording')));
      return;
    }
    const current = stepOf(request.stage);
    const currentIndex = STEPS.findIndex((step) => step.key === current);
    replace(
      progress,
      h(
        'p',
        { class: 'stage' },
        h('strong', {}, t('reviewProgress.status')),
        ' ',
        t(STAGE_TEXT[request.stage]),
      ),
      h(
        'ol',
        { class: 'progress', 'aria-label': t('reviewProgress.label') },
        STEPS.map((step, index) =>
          h(
            'li',
            {
              class: index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo',
              'aria-current': index === currentIndex ? 'step' : undefined,
            },
            t(step.label),
            index < currentIndex
              ? h('span', { class: 'visually-hidden' }, ' ', t('reviewProgress.done'))
              : null,
          ),
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('common.organization')),
        h('dd', {}, request.organization.legalName),
        h('dt', {}, t('common.emailDomain')),
        h('dd', {}, request.domain),
        h('dt', {}, t('reviewProgress.submitted')),
        h('dd', {}, formatDateTime(request.submittedAt)),
        request.decisionExpectedBy
          ? [
              h('dt', {}, t('reviewProgress.expectedBy')),
              h('dd', {}, formatDateTime(request.decisionExpectedBy)),
            ]
          : null,
      ),
    );
    if (lastStage && lastStage !== request.stage)
      app.announce(t('reviewProgress.announce', { status: t(STAGE_TEXT[request.stage]) }));
    lastStage = request.stage;
  }

  async function check(): Promise<void> {
    const latest = await app.account({ fresh: true });
    if (latest.state !== 'PENDING_ORGANIZATION') {
      app.navigate(latest.state === 'ACTIVE' ? '/portal' : '/onboarding', {
        message: latest.state === 'ACTIVE' ? t('reviewProgress.stages.ACTIVATED') : t('reviewProgress.ended'),
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
    h('h1', {}, t('reviewProgress.title')),
    h('p', {}, t('reviewProgress.intro')),
    progress,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => void check().then(() => app.announce(t('reviewProgress.checked'))),
      },
      t('reviewProgress.checkAgain'),
    ),
  );
}
