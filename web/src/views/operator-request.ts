import type { App } from '../app';
import { ApiProblem } from '../api';
import { formatDateTime, h, replace } from '../dom';
import { field, FormController, radioGroup, submitButton } from '../forms';
import { keyPerBody, operatorFrame } from './operator-frame';
import { ageIn, deadlineOf, stageLabel, type ReviewRequest } from './operator-queue';
import { scrollingTable } from './portal-frame';
import { formatAgo, t } from '../i18n';

const OPEN = new Set(['SUBMITTED', 'IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION']);

/**
 * One organization request (GET /v1/operator/organization-requests/{id}): the organization as submitted, the
 * requesters, the history and any error; while it is open, the decision (approve with an optional note,
 * reject with a reason) under one Idempotency-Key, so a retried click is answered, not decided twice.
 */
export async function operatorRequestView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'queue', t('operator.request.title'));
  if (!frame) return;
  const requestId = url.searchParams.get('id') ?? '';
  let request: ReviewRequest;
  try {
    request = await app.api('GET', '/v1/operator/organization-requests/{requestId}', {
      path: { requestId },
    });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
      replace(
        frame.content,
        h('p', { class: 'notice' }, t('operator.request.none')),
        h('p', {}, h('a', { href: '/operator', 'data-link': true }, t('operator.request.back'))),
      );
      return;
    }
    throw error;
  }
  render(app, frame, request);
}

type Frame = { content: HTMLElement; heading: HTMLHeadingElement };

function render(app: App, frame: Frame, request: ReviewRequest): void {
  const content = frame.content;
  frame.heading.textContent = t('operator.request.heading', {
    name: request.organization.legalName,
    domain: request.domain,
  });
  const organization = request.organization;
  // Once decided, the deadline no longer matters: the workflow applies the decision at its next check.
  const deadline = OPEN.has(request.stage) && !request.decision ? deadlineOf(request) : undefined;
  const details = h(
    'dl',
    { class: 'profile' },
    h('dt', {}, t('operator.stage')),
    h(
      'dd',
      {},
      stageLabel(request.stage),
      deadline
        ? [' · ', h('span', { class: `badge ${deadline.tone}` }, deadline.label), ' ', deadline.detail]
        : '',
    ),
    h('dt', {}, t('reviewProgress.submitted')),
    h(
      'dd',
      {},
      t('operator.request.submitted', {
        date: formatDateTime(request.submittedAt),
        ago: formatAgo(ageIn(request.submittedAt).value, ageIn(request.submittedAt).unit),
      }),
    ),
    h('dt', {}, t('operator.request.legalName')),
    h('dd', {}, organization.legalName),
    h('dt', {}, t('operator.request.address')),
    h(
      'dd',
      {},
      [
        organization.address.line1,
        organization.address.line2,
        `${organization.address.postalCode} ${organization.address.city}`,
        organization.address.region,
        organization.country,
      ]
        .filter(Boolean)
        .join(t('common.listSeparator')),
    ),
    h('dt', {}, t('organizationRequest.website')),
    h('dd', {}, organization.website),
    h('dt', {}, t('organizationRequest.phone')),
    h('dd', {}, organization.phone),
    organization.taxId ? [h('dt', {}, t('operator.request.taxId')), h('dd', {}, organization.taxId)] : null,
    organization.dunsNumber
      ? [h('dt', {}, t('organizationRequest.duns')), h('dd', {}, organization.dunsNumber)]
      : null,
    h('dt', {}, t('operator.request.requestId')),
    h('dd', {}, request.requestId),
    request.decision
      ? [
          h('dt', {}, t('operator.request.decision')),
          h(
            'dd',
            {},
            t('operator.request.decided', {
              outcome: request.decision.outcome,
              by: request.decision.decidedBy.email,
              date: formatDateTime(request.decision.decidedAt),
            }),
            request.decision.reason ? t('operator.request.reason', { reason: request.decision.reason }) : '',
            request.decision.note ? t('operator.request.note', { note: request.decision.note }) : '',
          ),
        ]
      : null,
    request.closedReason
      ? [h('dt', {}, t('operator.request.closedBecause')), h('dd', {}, request.closedReason)]
      : null,
    request.mergedInto
      ? [h('dt', {}, t('operator.request.mergedInto')), h('dd', {}, request.mergedInto)]
      : null,
  );
  const attention = request.attention
    ? h(
        'div',
        { class: 'notice', role: 'note' },
        h('strong', {}, t('operator.request.errorIn', { stage: stageLabel(request.attention.failedIn) })),
        ' ',
        request.attention.error,
        ' ',
        t('operator.request.at', { date: formatDateTime(request.attention.at) }),
      )
    : null;
  const requesters = scrollingTable(
    t('operator.requesters'),
    [t('common.name'), t('common.email'), t('operator.request.requested')],
    request.requesters.map((requester) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, t('common.fullName', requester)),
        h('td', {}, requester.email),
        h('td', {}, formatDateTime(requester.requestedAt)),
      ),
    ),
  );
  const history = scrollingTable(
    t('operator.history.title'),
    [
      t('operator.history.when'),
      t('operator.history.event'),
      t('operator.history.by'),
      t('operator.history.detail'),
    ],
    request.history.map((event) =>
      h(
        'tr',
        {},
        h('td', {}, formatDateTime(event.at)),
        h('th', { scope: 'row' }, t('operator.history.eventName', { event: event.event })),
        h('td', {}, event.by ?? ''),
        h('td', {}, event.detail ?? ''),
      ),
    ),
  );
  replace(
    content,
    attention,
    details,
    OPEN.has(request.stage) && !request.decision
      ? h('section', {}, h('h2', {}, t('operator.request.decide')), decisionForm(app, frame, request))
      : null,
    h('section', {}, h('h2', {}, t('operator.requesters')), requesters.element),
    h('section', {}, h('h2', {}, t('operator.history.title')), history.element),
    h('p', {}, h('a', { href: '/operator', 'data-link': true }, t('operator.request.back'))),
  );
}

function decisionForm(app: App, frame: Frame, request: ReviewRequest): HTMLFormElement {
  const outcome = radioGroup({
    name: 'outcome',
    legend: t('operator.request.decision'),
    choices: [
      {
        value: 'APPROVE',
        label: t('operator.request.approve'),
        hint: t('operator.request.approveHint'),
      },
      {
        value: 'REJECT',
        label: t('operator.request.reject'),
        hint: t('operator.request.rejectHint'),
      },
    ],
  });
  const note = field({ name: 'note', label: t('operator.request.noteLabel'), multiline: true });
  const reason = field({
    name: 'reason',
    label: t('operator.request.reasonLabel'),
    multiline: true,
    required: true,
  });
  const sync = () => {
    note.element.hidden = outcome.value() !== 'APPROVE';
    reason.element.hidden = outcome.value() !== 'REJECT';
  };
  outcome.element.addEventListener('change', sync);
  const form = h(
    'form',
    { 'aria-label': t('operator.request.decideLabel') },
    outcome.element,
    note.element,
    reason.element,
    submitButton(t('operator.request.record')),
  );
  sync();
  const controller = new FormController(form, [note, reason], [outcome.target]);
  // One key per decision and its retries: what it answers the first time it answers again.
  const keyFor = keyPerBody();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const chosen = outcome.value();
      if (!chosen) {
        throw new ApiProblem(
          400,
          'validation-error',
          t('operator.request.choose'),
          t('operator.request.chooseDetail'),
          [{ pointer: '/outcome', detail: t('operator.request.chooseDetail') }],
        );
      }
      const body =
        chosen === 'APPROVE'
          ? { outcome: 'APPROVE' as const, ...(note.value() ? { note: note.value() } : {}) }
          : { outcome: 'REJECT' as const, reason: reason.value() };
      const decided = await app.api('POST', '/v1/operator/organization-requests/{requestId}/decision', {
        path: { requestId: request.requestId },
        body,
        idempotencyKey: keyFor(body),
      });
      render(app, frame, decided);
      app.announce(
        t('operator.request.announce', {
          name: decided.organization.legalName,
          outcome: decided.decision?.outcome ?? 'REJECTED',
        }),
      );
    });
  });
  return form;
}
