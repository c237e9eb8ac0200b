import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AllowList, Member, MemberRole, VisibilityRules } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { checkboxGroup, FormController, radioGroup, submitButton, type Choice } from '../forms';
import { moreButton } from './paging';
import { portalFrame, scrollingTable } from './portal-frame';
import { supportDigestSection } from './support-digest';
import { t } from '../i18n';

/** "All" or an allow list, as a radio pair and the checkboxes of the list. */
function allowListControl(spec: {
  name: 'sites' | 'families';
  legend: string;
  pointer: string;
  choices: Choice[];
  current: AllowList;
}) {
  const mode = radioGroup({
    name: `${spec.name}Mode`,
    legend: spec.legend,
    pointer: `${spec.pointer}-mode`,
    choices: [
      { value: 'ALL', label: t('settings.seeAll', { what: spec.name }) },
      { value: 'LIST', label: t('settings.seeList', { what: spec.name }) },
    ],
  });
  const list = checkboxGroup({
    name: spec.name,
    legend: t('settings.allowed', { what: spec.name }),
    pointer: spec.pointer,
    choices: spec.choices,
    checked: spec.current === 'ALL' ? [] : spec.current,
  });
  for (const radio of mode.element.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
    radio.checked = radio.value === (spec.current === 'ALL' ? 'ALL' : 'LIST');
  }
  const sync = () => (list.element.hidden = mode.value() !== 'LIST');
  mode.element.addEventListener('change', sync);
  sync();
  return {
    element: h('div', { class: 'allow-list' }, mode.element, list.element),
    value: (): AllowList => (mode.value() === 'LIST' ? list.values() : 'ALL'),
    targets: [list.target],
  };
}

/** Everyone: their alerts. Administrators: GET/PUT /v1/portal/visibility, and the members with their roles. */
export async function settingsView(app: App, main: HTMLElement): Promise<void> {
  const frame = await portalFrame(app, main, 'settings', t('portal.sections.settings'));
  if (!frame) return;
  const alerts = await supportDigestSection(app);
  let rules: VisibilityRules;
  try {
    rules = await app.api('GET', '/v1/portal/visibility');
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) {
      replace(frame.content, alerts, h('p', { class: 'notice' }, error.detail));
      return;
    }
    throw error;
  }
  const [summary, members] = await Promise.all([
    app.api('GET', '/v1/portal/summary'),
    app.api('GET', '/v1/portal/members', { query: { limit: 25 } }),
  ]);

  // Visibility.
  const sites = allowListControl({
    name: 'sites',
    legend: t('settings.sitesLegend'),
    pointer: '/sites',
    choices: summary.bySite.map((site) => ({ value: site.siteId, label: site.name })),
    current: rules.sites,
  });
  const families = allowListControl({
    name: 'families',
    legend: t('settings.familiesLegend'),
    pointer: '/families',
    choices: summary.byFamily.map((entry) => ({ value: entry.family, label: entry.family })),
    current: rules.families,
  });
  const updated = h('p', { class: 'meta' });
  const showUpdated = () =>
    (updated.textContent = rules.updatedAt
      ? t('settings.lastChanged', { date: formatDateTime(rules.updatedAt) })
      : t('settings.default'));
  showUpdated();
  const form = h(
    'form',
    { 'aria-labelledby': 'visibility-heading' },
    updated,
    sites.element,
    families.element,
    submitButton(t('settings.save')),
  );
  const controller = new FormController(form, [], [...sites.targets, ...families.targets]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      rules = await app.api('PUT', '/v1/portal/visibility', {
        body: { sites: sites.value(), families: families.value() },
      });
      showUpdated();
      app.announce(t('settings.saved'));
    });
  });

  // Members.
  const membersMessage = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const memberRow = (member: Member): HTMLTableRowElement => {
    const roleCell = h('td', {});
    const next: MemberRole = member.role === 'ADMINISTRATOR' ? 'MEMBER' : 'ADMINISTRATOR';
    const button = h(
      'button',
      { type: 'button', class: 'secondary' },
      next === 'ADMINISTRATOR' ? t('settings.makeAdministrator') : t('settings.makeMember'),
      h(
        'span',
        { class: 'visually-hidden' },
        t('settings.forMember', { name: t('common.fullName', member) }),
      ),
    );
    const row = h(
      'tr',
      {},
      h('th', { scope: 'row' }, t('common.fullName', member)),
      h('td', {}, member.email),
      roleCell,
      h('td', {}, button),
    );
    roleCell.textContent = t('common.role', { role: member.role });
    button.addEventListener('click', () => {
      membersMessage.hidden = true;
      button.disabled = true;
      void app
        .api('PUT', '/v1/portal/members/{userId}/role', {
          path: { userId: member.userId },
          body: { role: next },
        })
        .then((changed) => {
          const replacement = memberRow(changed);
          row.replaceWith(replacement);
          app.announce(
            t('settings.roleChanged', { name: t('common.fullName', changed), role: changed.role }),
          );
          replacement.querySelector('button')?.focus();
        })
        .catch((error: unknown) => {
          button.disabled = false;
          membersMessage.textContent = error instanceof ApiProblem ? error.detail : String(error);
          membersMessage.hidden = false;
          membersMessage.focus();
        });
    });
    return row;
  };
  const table = scrollingTable(
    t('settings.members'),
    [t('common.name'), t('common.email'), t('settings.role'), t('settings.change')],
    members.items.map(memberRow),
  );
  const more = moreButton(app, {
    label: t('settings.more'),
    cursor: members.cursor,
    load: (cursor) => app.api('GET', '/v1/portal/members', { query: { limit: 25, cursor } }),
    append: (items) => {
      const rows = items.map(memberRow);
      table.body.append(...rows);
      return rows;
    },
    shown: 'paging.members',
  });

  replace(
    frame.content,
    alerts,
    h('section', {}, h('h2', { id: 'visibility-heading' }, t('settings.visibility')), form),
    h('section', {}, h('h2', {}, t('settings.membersTitle')), membersMessage, table.element, more),
  );
}
