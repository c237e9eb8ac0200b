import type { App } from '../app';
import type { AnswerOf } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { field } from '../forms';
import { operatorFrame } from './operator-frame';
import { scrollingTable } from './portal-frame';

export type ReviewRequest = AnswerOf<'GET', '/v1/operator/organization-requests/{requestId}'>;

/** The open queue holds tens of requests: it is read whole (pages of 100) and sorted oldest first here. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;
/** Rows shown per page of the table. */
const ROWS_PER_PAGE = 20;

const OPEN_STAGES = ['SUBMITTED', 'IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION'] as const;

export const STAGE_LABELS: Record<ReviewRequest['stage'], string> = {
  SUBMITTED: 'Submitted',
  IN_REVIEW: 'In review',
  ESCALATED: 'Escalated',
  NEEDS_ATTENTION: 'Needs attention',
  ACTIVATED: 'Approved and activated',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
  MERGED: 'Merged',
  CLOSED: 'Closed',
};

/** How long ago, in words: "3 days", "5 hours", "12 minutes". */
export function ageOf(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/** Where a request stands against its review deadline: due, escalated, or needs attention. */
export function deadlineOf(
  request: ReviewRequest,
  now = Date.now(),
): { label: string; tone: 'active' | 'expiring' | 'expired'; detail: string } {
  if (request.stage === 'NEEDS_ATTENTION') {
    return {
      label: 'Needs attention',
      tone: 'expired',
      detail: request.attention?.error ?? 'A step of the review kept failing.',
    };
  }
  if (request.stage === 'ESCALATED' || (request.escalateAt && Date.parse(request.escalateAt) <= now)) {
    return {
      label: 'Escalated',
      tone: 'expiring',
      detail: request.expiresAt ? `Expires ${formatDateTime(request.expiresAt)}` : 'Overdue',
    };
  }
  return {
    label: 'Due',
    tone: 'active',
    detail: request.escalateAt ? `Decide by ${formatDateTime(request.escalateAt)}` : 'Being validated',
  };
}

async function openRequests(app: App): Promise<ReviewRequest[]> {
  const all: ReviewRequest[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await app.api('GET', '/v1/operator/organization-requests', {
      query: { status: 'open', limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) },
    });
    all.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return all.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/**
 * The review queue (GET /v1/operator/organization-requests?status=open): open requests oldest first, each with
 * its age and where it stands against the review deadline; filters by stage and domain; pages of 20.
 */
export async function operatorQueueView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'queue', 'Review queue');
  if (!frame) return;
  const requests = await openRequests(app);

  const stage = field({
    name: 'stage',
    label: 'Stage',
    required: true,
    options: [
      { value: '', label: 'All open stages' },
      ...OPEN_STAGES.map((value) => ({ value, label: STAGE_LABELS[value] })),
    ],
    value: url.searchParams.get('stage') ?? '',
  });
  const domain = field({
    name: 'domain',
    label: 'Domain',
    hint: 'Part of the email domain, e.g. globex',
    value: url.searchParams.get('domain') ?? '',
  });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the queue' });
  filters.append(stage.element, domain.element);
  const count = h('p', { class: 'meta', 'aria-live': 'polite' });
  const table = scrollingTable(
    'Open organization requests, oldest first',
    ['Organization', 'Domain', 'Stage', 'Waiting', 'Deadline', 'Requesters'],
    [],
  );
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const pager = h('div', { class: 'more' }, previous, ' ', next);
  let page = 0;

  const row = (request: ReviewRequest) => {
    const deadline = deadlineOf(request);
    return h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          { href: `/operator/request?id=${encodeURIComponent(request.requestId)}`, 'data-link': true },
          request.organization.legalName,
        ),
      ),
      h('td', {}, request.domain),
      h('td', {}, STAGE_LABELS[request.stage]),
      h('td', {}, ageOf(request.submittedAt)),
      h('td', {}, h('span', { class: `badge ${deadline.tone}` }, deadline.label), ' ', deadline.detail),
      h('td', { class: 'number' }, request.requesters.length),
    );
  };

  const render = () => {
    const wantedStage = stage.value();
    const wantedDomain = domain.value().toLowerCase();
    const shown = requests.filter(
      (request) =>
        (!wantedStage || request.stage === wantedStage) &&
        (!wantedDomain || request.domain.includes(wantedDomain)),
    );
    const pages = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
    page = Math.min(page, pages - 1);
    const slice = shown.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
    table.body.replaceChildren(...slice.map(row));
    count.textContent =
      shown.length === 0
        ? 'No open request matches.'
        : `${shown.length} open request${shown.length === 1 ? '' : 's'}` +
          (pages > 1 ? `, page ${page + 1} of ${pages}` : '') +
          '.';
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pager.hidden = pages <= 1;
  };
  filters.addEventListener('input', () => {
    page = 0;
    render();
  });
  filters.addEventListener('submit', (event) => event.preventDefault());
  previous.addEventListener('click', () => {
    page -= 1;
    render();
  });
  next.addEventListener('click', () => {
    page += 1;
    render();
  });
  render();

  replace(frame.content, filters, count, table.element, pager);
}
