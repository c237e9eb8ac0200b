import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AllowList, MembershipPolicy, VisibilityRules } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { checkboxGroup, FormController, radioGroup, submitButton, type Choice } from '../forms';
import { portalFrame } from './portal-frame';
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

/**
 * Everyone: their alerts. Administrators: GET/PUT /v1/portal/visibility and the membership policy
 * (GET/PUT /v1/portal/membership-policy); the members and their roles are on the Members page (members.ts).
 */
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
  const [summary, policy] = await Promise.all([
    app.api('GET', '/v1/portal/summary'),
    app.api('GET', '/v1/portal/membership-policy'),
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

  // Membership policy: how people of the organization's email domains join it.
  const policyForm = membershipPolicyForm(app, policy.policy);

  replace(
    frame.content,
    alerts,
    h('section', {}, h('h2', { id: 'visibility-heading' }, t('settings.visibility')), form),
    h('section', {}, h('h2', { id: 'policy-heading' }, t('settings.policy.title')), policyForm),
    h(
      'p',
      {},
      t('settings.membersMoved.before'),
      h('a', { href: '/portal/members', 'data-link': true }, t('settings.membersMoved.link')),
      t('settings.membersMoved.after'),
    ),
  );
}

const POLICIES: readonly MembershipPolicy[] = ['AUTOMATIC', 'APPROVAL', 'INVITATION_ONLY'];

/** The membership policy as three choices, saved with PUT /v1/portal/membership-policy. */
function membershipPolicyForm(app: App, current: MembershipPolicy): HTMLFormElement {
  const choices = radioGroup({
    name: 'policy',
    legend: t('settings.policy.legend'),
    choices: POLICIES.map((policy) => ({
      value: policy,
      label: t('settings.policy.label', { policy }),
      hint: t('settings.policy.hint', { policy }),
    })),
  });
  for (const radio of choices.element.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
    radio.checked = radio.value === current;
  }
  const form = h(
    'form',
    { 'aria-labelledby': 'policy-heading' },
    choices.element,
    submitButton(t('settings.policy.save')),
  );
  const controller = new FormController(form, [], [choices.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const policy = POLICIES.find((one) => one === choices.value()) ?? current;
    void controller.submit(async () => {
      const saved = await app.api('PUT', '/v1/portal/membership-policy', {
        body: { policy },
        idempotencyKey: crypto.randomUUID(),
      });
      app.announce(t('settings.policy.saved', { policy: saved.policy }));
    });
  });
  return form;
}
