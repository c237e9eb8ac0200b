import type { App } from '../app';
import type { AnswerOf } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { field } from '../forms';
import { operatorFrame } from './operator-frame';
import { scrollingTable } from './portal-frame';
import { formatDuration, t, type MessageKey, type TimeUnit } from '../i18n';

export type ReviewRequest = AnswerOf<'GET', '/v1/operator/organization-requests/{requestId}'>;

/** The open queue holds tens of requests: it is read whole (pages of 100) and sorted oldest first here. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;
/** Rows shown per page of the table. */
const ROWS_PER_PAGE = 20;

const OPEN_STAGES = ['SUBMITTED', 'IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION'] as const;

const STAGE_KEYS: Record<ReviewRequest['stage'], MessageKey> = {
  SUBMITTED: 'operator.stages.SUBMITTED',
  IN_REVIEW: 'operator.stages.IN_REVIEW',
  ESCALATED: 'operator.stages.ESCALATED',
  NEEDS_ATTENTION: 'operator.stages.NEEDS_ATTENTION',
  ACTIVATED: 'operator.stages.ACTIVATED',
  REJECTED: 'operator.stages.REJECTED',
  EXPIRED: 'operator.stages.EXPIRED',
  MERGED: 'operator.stages.MERGED',
  CLOSED: 'operator.stages.CLOSED',
};

/** A stage's name in the page's language. */
export function stageLabel(stage: ReviewRequest['stage']): string {
  return t(STAGE_KEYS[stage]);
}

/** How long ago, as a number and its unit: 12 minutes, 5 hours, 3 days. */
export function ageIn(iso: string, now = Date.now()): { value: number; unit: TimeUnit } {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { value: minutes, unit: 'minute' };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { value: hours, unit: 'hour' };
  return { value: Math.floor(hours / 24), unit: 'day' };
}

/** How long ago, in words: "3 days", "5 hours", "12 minutes" (in the page's language). */
export function ageOf(iso: string, now = Date.now()): string {
  const age = ageIn(iso, now);
  return formatDuration(age.value, age.unit);
}

/** Where a request stands against its review deadline: due, escalated, or needs attention. */
export function deadlineOf(
  request: ReviewRequest,
  now = Date.now(),
): { label: string; tone: 'active' | 'expiring' | 'expired'; detail: string } {
  if (request.stage === 'NEEDS_ATTENTION') {
    return {
      label: stageLabel('NEEDS_ATTENTION'),
      tone: 'expired',
      detail: request.attention?.error ?? t('operator.deadline.failing'),
    };
  }
  if (request.stage === 'ESCALATED' || (request.escalateAt && Date.parse(request.escalateAt) <= now)) {
    return {
      label: stageLabel('ESCALATED'),
      tone: 'expiring',
      detail: request.expiresAt
        ? t('operator.deadline.expires', { date: formatDateTime(request.expiresAt) })
        : t('operator.deadline.overdue'),
    };
  }
  return {
    label: t('operator.deadline.due'),
    tone: 'active',
    detail: request.escalateAt
      ? t('operator.deadline.decideBy', { date: formatDateTime(request.escalateAt) })
      : t('operator.deadline.validating'),
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
  const frame = operatorFrame(app, main, 'queue', t('operator.sections.queue'));
  if (!frame) return;
  const requests = await openRequests(app);

  const stage = field({
    name: 'stage',
    label: t('operator.stage'),
    required: true,
    options: [
      { value: '', label: t('operator.queue.allStages') },
      ...OPEN_STAGES.map((value) => ({ value, label: stageLabel(value) })),
    ],
    value: url.searchParams.get('stage') ?? '',
  });
  const domain = field({
    name: 'domain',
    label: t('operator.domain'),
    hint: t('operator.queue.domainHint'),
    value: url.searchParams.get('domain') ?? '',
  });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('operator.queue.filter') });
  filters.append(stage.element, domain.element);
  const count = h('p', { class: 'meta', 'aria-live': 'polite' });
  const table = scrollingTable(
    t('operator.queue.caption'),
    [
      t('common.organization'),
      t('operator.domain'),
      t('operator.stage'),
      t('operator.queue.waiting'),
      t('operator.queue.deadline'),
      t('operator.requesters'),
    ],
    [],
  );
  const previous = h('button', { type: 'button', class: 'secondary' }, t('operator.queue.previous'));
  const next = h('button', { type: 'button', class: 'secondary' }, t('operator.queue.next'));
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
      h('td', { class: 'wrap' }, request.domain),
      h('td', {}, stageLabel(request.stage)),
      h('td', {}, ageOf(request.submittedAt)),
      h(
        'td',
        { class: 'wrap' },
        h('span', { class: `badge ${deadline.tone}` }, deadline.label),
        ' ',
        deadline.detail,
      ),
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
        ? t('operator.queue.none')
        : pages > 1
          ? t('operator.queue.countPaged', { count: shown.length, page: page + 1, pages })
          : t('operator.queue.count', { count: shown.length });
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
