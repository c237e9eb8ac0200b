import type { App } from '../app';
import { ApiProblem } from '../api';
import { formatDateTime, h, replace } from '../dom';
import { field, FormController, radioGroup, submitButton } from '../forms';
import { keyPerBody, operatorFrame } from './operator-frame';
import { ageOf, deadlineOf, STAGE_LABELS, type ReviewRequest } from './operator-queue';
import { scrollingTable } from './portal-frame';

const OPEN = new Set(['SUBMITTED', 'IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION']);

/**
 * One organization request (GET /v1/operator/organization-requests/{id}): the organization as submitted, the
 * requesters, the history and any error; while it is open, the decision (approve with an optional note,
 * reject with a reason) under one Idempotency-Key, so a retried click is answered, not decided twice.
 */
export async function operatorRequestView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'queue', 'Organization request');
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
        h('p', { class: 'notice' }, 'There is no such request.'),
        h('p', {}, h('a', { href: '/operator', 'data-link': true }, 'Back to the queue')),
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
  frame.heading.textContent = `${request.organization.legalName} (${request.domain})`;
  const organization = request.organization;
  // Once decided, the deadline no longer matters: the workflow applies the decision at its next check.
  const deadline = OPEN.has(request.stage) && !request.decision ? deadlineOf(request) : undefined;
  const details = h(
    'dl',
    { class: 'profile' },
    h('dt', {}, 'Stage'),
    h(
      'dd',
      {},
      STAGE_LABELS[request.stage],
      deadline
        ? [' · ', h('span', { class: `badge ${deadline.tone}` }, deadline.label), ' ', deadline.detail]
        : '',
    ),
    h('dt', {}, 'Submitted'),
    h('dd', {}, `${formatDateTime(request.submittedAt)} (${ageOf(request.submittedAt)} ago)`),
    h('dt', {}, 'Legal name'),
    h('dd', {}, organization.legalName),
    h('dt', {}, 'Address'),
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
        .join(', '),
    ),
    h('dt', {}, 'Website'),
    h('dd', {}, organization.website),
    h('dt', {}, 'Phone'),
    h('dd', {}, organization.phone),
    organization.taxId ? [h('dt', {}, 'Tax id'), h('dd', {}, organization.taxId)] : null,
    organization.dunsNumber ? [h('dt', {}, 'DUNS number'), h('dd', {}, organization.dunsNumber)] : null,
    h('dt', {}, 'Request id'),
    h('dd', {}, request.requestId),
    request.decision
      ? [
          h('dt', {}, 'Decision'),
          h(
            'dd',
            {},
            `${request.decision.outcome === 'APPROVED' ? 'Approved' : 'Rejected'} by ${request.decision.decidedBy.email} ` +
              `on ${formatDateTime(request.decision.decidedAt)}`,
            request.decision.reason ? `: ${request.decision.reason}` : '',
            request.decision.note ? ` (note: ${request.decision.note})` : '',
          ),
        ]
      : null,
    request.closedReason ? [h('dt', {}, 'Closed because'), h('dd', {}, request.closedReason)] : null,
    request.mergedInto ? [h('dt', {}, 'Merged into'), h('dd', {}, request.mergedInto)] : null,
  );
  const attention = request.attention
    ? h(
        'div',
        { class: 'notice', role: 'note' },
        h('strong', {}, `Error in ${STAGE_LABELS[request.attention.failedIn]}: `),
        request.attention.error,
        ` (${formatDateTime(request.attention.at)})`,
      )
    : null;
  const requesters = scrollingTable(
    'Requesters',
    ['Name', 'Email', 'Requested'],
    request.requesters.map((requester) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, `${requester.firstName} ${requester.lastName}`),
        h('td', {}, requester.email),
        h('td', {}, formatDateTime(requester.requestedAt)),
      ),
    ),
  );
  const history = scrollingTable(
    'History',
    ['When', 'Event', 'By', 'Detail'],
    request.history.map((event) =>
      h(
        'tr',
        {},
        h('td', {}, formatDateTime(event.at)),
        h('th', { scope: 'row' }, event.event),
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
      ? h('section', {}, h('h2', {}, 'Decide'), decisionForm(app, frame, request))
      : null,
    h('section', {}, h('h2', {}, 'Requesters'), requesters.element),
    h('section', {}, h('h2', {}, 'History'), history.element),
    h('p', {}, h('a', { href: '/operator', 'data-link': true }, 'Back to the queue')),
  );
}

function decisionForm(app: App, frame: Frame, request: ReviewRequest): HTMLFormElement {
  const outcome = radioGroup({
    name: 'outcome',
    legend: 'Decision',
    choices: [
      {
        value: 'APPROVE',
        label: 'Approve',
        hint: 'The organization is created and the requesters get the portal.',
      },
      {
        value: 'REJECT',
        label: 'Reject',
        hint: 'The requesters are told the reason and may register again.',
      },
    ],
  });
  const note = field({ name: 'note', label: 'Note for the record', multiline: true });
  const reason = field({
    name: 'reason',
    label: 'Reason (the requesters read it)',
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
    { 'aria-label': 'Decide the request' },
    outcome.element,
    note.element,
    reason.element,
    submitButton('Record the decision'),
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
        throw new ApiProblem(400, 'validation-error', 'Choose', 'Choose approve or reject.', [
          { pointer: '/outcome', detail: 'Choose approve or reject.' },
        ]);
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
        `${decided.organization.legalName} is ${decided.decision?.outcome === 'APPROVED' ? 'approved' : 'rejected'}.`,
      );
    });
  });
  return form;
}
