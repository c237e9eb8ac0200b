import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AuditEntry, AuditKind } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { field, submitButton } from '../forms';
import { t } from '../i18n';
import { moreButton } from './paging';
import { portalFrame, scrollingTable } from './portal-frame';

/**
 * The kinds the filter offers, in the order of docs/membership.md's table. Every kind the API answers must be
 * here: `MissingKinds` fails `npm run typecheck` when the API's enum gains one the filter does not offer.
 */
const KINDS = [
  'MEMBER_JOINED',
  'ROLE_CHANGED',
  'VISIBILITY_CHANGED',
  'POLICY_CHANGED',
  'JOIN_REQUEST_DECLINED',
  'MEMBER_REMOVED',
  'MEMBER_LEFT',
  'MEMBER_INVITED',
  'INVITATION_REVOKED',
] as const satisfies readonly AuditKind[];
type MissingKinds = Exclude<AuditKind, (typeof KINDS)[number]>;
const everyKindOffered: [MissingKinds] extends [never] ? true : MissingKinds = true;
void everyKindOffered;

const PAGE = 25;

/**
 * The audit log (administrators, GET /v1/portal/audit-log): newest first, 25 entries a page with "Show more",
 * filtered by kind (the select) and by person (each name in the table is a link to their entries). The
 * filters live in the address (`?kind=&person=`), so a filtered page can be reloaded or shared.
 */
export async function auditLogView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = await portalFrame(app, main, 'auditLog', t('portal.sections.auditLog'));
  if (!frame) return;
  const kind = KINDS.find((one) => one === url.searchParams.get('kind'));
  const person = url.searchParams.get('person') ?? undefined;
  const query = { limit: PAGE, ...(kind ? { kind } : {}), ...(person ? { person } : {}) };
  let page;
  try {
    page = await app.api('GET', '/v1/portal/audit-log', { query });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 403 || error.status === 400)) {
      replace(frame.content, h('p', { class: 'notice' }, error.detail));
      return;
    }
    throw error;
  }

  const address = (next: { kind?: string | undefined; person?: string | undefined }) => {
    const parameters = new URLSearchParams();
    if (next.kind) parameters.set('kind', next.kind);
    if (next.person) parameters.set('person', next.person);
    const text = parameters.toString();
    return text ? `/portal/audit-log?${text}` : '/portal/audit-log';
  };

  // The kind filter.
  const kindField = field({
    name: 'kind',
    label: t('auditLog.kindFilter'),
    options: [
      { value: '', label: t('auditLog.allKinds') },
      ...KINDS.map((one) => ({ value: one, label: t('auditLog.kind', { kind: one }) })),
    ],
    value: kind ?? '',
    required: true,
  });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('auditLog.filters') },
    kindField.element,
    submitButton(t('auditLog.apply')),
  );
  // "All kinds" is the empty value of a required select: no browser validation, the empty value is the choice.
  filters.noValidate = true;
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(address({ kind: kindField.value() || undefined, person }));
  });

  // Who the person filter names: their address as the entries show it.
  const named = (entry: AuditEntry) => [entry.actor, 'subject' in entry ? entry.subject : undefined];
  const personEmail = person
    ? page.items.flatMap(named).find((one) => one?.userId === person)?.email
    : undefined;
  const personFilter = person
    ? h(
        'p',
        { class: 'notice' },
        personEmail ? t('auditLog.aboutPerson', { email: personEmail }) : t('auditLog.aboutSomeone'),
        ' ',
        h('a', { href: address({ kind }), 'data-link': true }, t('auditLog.everyone')),
      )
    : null;

  const personLink = (who: { userId: string; email: string } | undefined): HTMLElement | string =>
    who
      ? h(
          'a',
          {
            href: address({ kind, person: who.userId }),
            'data-link': true,
            title: t('auditLog.onlyPerson', { email: who.email }),
          },
          who.email,
        )
      : '';
  const row = (entry: AuditEntry): HTMLTableRowElement =>
    h(
      'tr',
      {},
      h('td', {}, h('time', { datetime: entry.at }, formatDateTime(entry.at))),
      h('th', { scope: 'row' }, t('auditLog.kind', { kind: entry.kind })),
      h('td', { class: 'wrap' }, personLink(entry.actor)),
      h('td', { class: 'wrap' }, personLink('subject' in entry ? entry.subject : undefined)),
      h('td', { class: 'wrap' }, detailsOf(entry)),
    );

  const table = scrollingTable(
    t('auditLog.caption'),
    [
      t('auditLog.when'),
      t('auditLog.what'),
      t('auditLog.who'),
      t('auditLog.concerning'),
      t('auditLog.detailsColumn'),
    ],
    page.items.map(row),
  );
  const more = moreButton(app, {
    label: t('auditLog.more'),
    cursor: page.cursor,
    load: (cursor) => app.api('GET', '/v1/portal/audit-log', { query: { ...query, cursor } }),
    append: (items) => {
      const rows = items.map(row);
      table.body.append(...rows);
      return rows;
    },
    shown: 'paging.auditLog',
  });

  replace(
    frame.content,
    h('p', { class: 'meta' }, t('auditLog.intro')),
    filters,
    personFilter,
    page.items.length === 0
      ? h('p', {}, kind || person ? t('auditLog.noneFiltered') : t('auditLog.none'))
      : [table.element, more],
  );
}

/** What changed, in a sentence of the reader's language. */
function detailsOf(entry: AuditEntry): string {
  switch (entry.kind) {
    case 'MEMBER_JOINED':
      return t('auditLog.details.joined', { via: entry.details.via, role: entry.details.role });
    case 'ROLE_CHANGED':
      return t('auditLog.details.roleChanged', entry.details);
    case 'VISIBILITY_CHANGED':
      return t('auditLog.details.visibility', {
        sites: entry.details.sites === 'ALL' ? 'all' : 'some',
        siteCount: entry.details.sites === 'ALL' ? 0 : entry.details.sites.length,
        families: entry.details.families === 'ALL' ? 'all' : 'some',
        familyCount: entry.details.families === 'ALL' ? 0 : entry.details.families.length,
      });
    case 'POLICY_CHANGED':
      return t('auditLog.details.policyChanged', entry.details);
    case 'JOIN_REQUEST_DECLINED':
      return entry.details.reason
        ? t('auditLog.details.declinedReason', { reason: entry.details.reason })
        : t('auditLog.details.declinedNoReason');
    case 'MEMBER_REMOVED':
    case 'MEMBER_LEFT':
      return t('auditLog.details.exit', { role: entry.details.role, groups: entry.details.groupsDeleted });
    case 'MEMBER_INVITED':
      return t('auditLog.details.invited', {
        email: entry.details.email,
        role: entry.details.role,
        outside: entry.details.allowOutsideDomain ? 'yes' : 'no',
      });
    case 'INVITATION_REVOKED':
      return t('auditLog.details.revoked', { email: entry.details.email });
    default:
      return '';
  }
}
