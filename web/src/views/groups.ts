import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Group, GroupDefinition, GroupKind } from '../api-types';
import { h, replace, uniqueId } from '../dom';
import { checkboxGroup, field, FormController, radioGroup, submitButton } from '../forms';
import { portalFrame } from './portal-frame';
import { t, type MessageKey } from '../i18n';

const KIND_LABELS: Record<GroupKind, MessageKey> = {
  PRODUCTS: 'groups.kinds.PRODUCTS',
  FAMILIES: 'groups.kinds.FAMILIES',
  FAMILIES_AT_SITES: 'groups.kinds.FAMILIES_AT_SITES',
};

/**
 * Custom groups: GET /v1/portal/groups lists them; one form creates (POST) or edits (PATCH) a group of
 * products, families, or families at sites; DELETE after an inline confirmation. Only the owner changes one.
 */
export async function groupsView(app: App, main: HTMLElement): Promise<void> {
  const frame = await portalFrame(app, main, 'groups', t('portal.sections.groups'));
  if (!frame) return;
  const [summary, listed] = await Promise.all([
    app.api('GET', '/v1/portal/summary'),
    app.api('GET', '/v1/portal/groups'),
  ]);
  let groups = listed.items;
  let editing: Group | undefined;

  // The form.
  const name = field({ name: 'name', label: t('groups.name'), required: true });
  const sharedId = uniqueId('group-shared');
  const shared = h('input', { type: 'checkbox', id: sharedId, name: 'shared' });
  const sharedField = h('div', { class: 'choice' }, shared, h('label', { for: sharedId }, t('groups.share')));
  const kind = radioGroup({
    name: 'kind',
    legend: t('groups.kind'),
    pointer: '/definition/kind',
    choices: (Object.keys(KIND_LABELS) as GroupKind[]).map((value) => ({
      value,
      label: t(KIND_LABELS[value]),
    })),
  });
  const serviceTags = field({
    name: 'serviceTags',
    label: t('groups.serviceTags'),
    multiline: true,
    pointer: '/definition/serviceTags',
    hint: t('groups.serviceTagsHint'),
  });
  const families = checkboxGroup({
    name: 'families',
    legend: t('groups.families'),
    pointer: '/definition/families',
    choices: summary.byFamily.map((entry) => ({ value: entry.family, label: entry.family })),
  });
  const sites = checkboxGroup({
    name: 'sites',
    legend: t('portal.sections.sites'),
    pointer: '/definition/sites',
    choices: summary.bySite.map((site) => ({ value: site.siteId, label: site.name })),
  });
  const formHeading = h('h2', { id: uniqueId('group-form') }, t('groups.new'));
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, t('groups.cancel'));
  const submit = submitButton(t('groups.create'));
  const form = h(
    'form',
    { 'aria-labelledby': formHeading.id },
    name.element,
    sharedField,
    kind.element,
    serviceTags.element,
    families.element,
    sites.element,
    h('div', { class: 'actions' }, submit, cancel),
  );
  const controller = new FormController(
    form,
    [name, serviceTags],
    [kind.target, families.target, sites.target],
  );

  function showKind(): void {
    const chosen = kind.value();
    serviceTags.element.hidden = chosen !== 'PRODUCTS';
    families.element.hidden = chosen !== 'FAMILIES' && chosen !== 'FAMILIES_AT_SITES';
    sites.element.hidden = chosen !== 'FAMILIES_AT_SITES';
  }
  kind.element.addEventListener('change', showKind);

  function definition(): GroupDefinition | { kind?: string } {
    const chosen = kind.value();
    if (chosen === 'PRODUCTS') {
      const tags = serviceTags
        .value()
        .split(/[\s,;]+/)
        .filter(Boolean);
      return { kind: 'PRODUCTS', serviceTags: tags };
    }
    if (chosen === 'FAMILIES') return { kind: 'FAMILIES', families: families.values() };
    if (chosen === 'FAMILIES_AT_SITES')
      return { kind: 'FAMILIES_AT_SITES', families: families.values(), sites: sites.values() };
    return {};
  }

  function edit(group: Group | undefined): void {
    editing = group;
    controller.clear();
    name.control.value = group?.name ?? '';
    shared.checked = group?.shared ?? false;
    for (const radio of kind.element.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
      radio.checked = radio.value === group?.definition.kind;
    }
    const definitionOf = group?.definition;
    serviceTags.control.value = definitionOf?.kind === 'PRODUCTS' ? definitionOf.serviceTags.join('\n') : '';
    families.setValues(definitionOf && definitionOf.kind !== 'PRODUCTS' ? definitionOf.families : []);
    sites.setValues(definitionOf?.kind === 'FAMILIES_AT_SITES' ? definitionOf.sites : []);
    formHeading.textContent = group ? t('groups.edit', { name: group.name }) : t('groups.new');
    submit.textContent = group ? t('groups.save') : t('groups.create');
    cancel.hidden = !group;
    showKind();
  }
  cancel.addEventListener('click', () => {
    edit(undefined);
    name.control.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      // What the form holds goes as it is: the API's validation errors name the fields at fault.
      const body = {
        name: name.value(),
        shared: shared.checked,
        definition: definition() as GroupDefinition,
      };
      const saved = editing
        ? await app.api('PATCH', '/v1/portal/groups/{groupId}', { path: { groupId: editing.groupId }, body })
        : await app.api('POST', '/v1/portal/groups', { body });
      groups = [...groups.filter((group) => group.groupId !== saved.groupId), saved].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      app.announce(t(editing ? 'groups.saved' : 'groups.created', { name: saved.name }));
      edit(undefined);
      renderList(saved.groupId);
    });
  });

  // The list.
  const listMessage = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const list = h('ul', { class: 'cards' });
  const listHeading = h('h2', { tabindex: -1 }, t('groups.yours'));

  function renderList(focusGroupId?: string): void {
    replace(
      list,
      groups.length === 0 ? h('li', {}, t('groups.none')) : null,
      groups.map((group) => {
        const title = h('h3', { tabindex: -1 }, group.name);
        const confirmArea = h('div', { class: 'confirm', hidden: true });
        const card = h(
          'li',
          { class: 'card', 'data-group-id': group.groupId },
          title,
          h(
            'p',
            { class: 'meta' },
            t('groups.meta', {
              kind: t(KIND_LABELS[group.kind]),
              shared: group.shared ? 'yes' : 'no',
              mine: group.mine ? 'yes' : 'no',
            }),
          ),
          h(
            'p',
            { class: 'links' },
            h(
              'a',
              { href: `/portal?group=${encodeURIComponent(group.groupId)}`, 'data-link': true },
              t('portal.sections.summary'),
              h('span', { class: 'visually-hidden' }, ' ', t('groups.ofGroup', { name: group.name })),
            ),
            h(
              'a',
              { href: `/portal/products?group=${encodeURIComponent(group.groupId)}`, 'data-link': true },
              t('portal.sections.products'),
              h('span', { class: 'visually-hidden' }, ' ', t('groups.inGroup', { name: group.name })),
            ),
          ),
          group.mine
            ? h(
                'div',
                { class: 'actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onclick: () => {
                      edit(group);
                      formHeading.scrollIntoView({ block: 'start' });
                      name.control.focus();
                    },
                  },
                  t('groups.editButton'),
                  h('span', { class: 'visually-hidden' }, ' ', group.name),
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    onclick: () => {
                      confirmArea.hidden = false;
                      confirmArea.querySelector<HTMLButtonElement>('button')?.focus();
                    },
                  },
                  t('groups.deleteButton'),
                  h('span', { class: 'visually-hidden' }, ' ', group.name),
                ),
              )
            : null,
          confirmArea,
        );
        replace(
          confirmArea,
          h('p', {}, t('groups.confirm', { name: group.name })),
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: () => {
                listMessage.hidden = true;
                void app
                  .api('DELETE', '/v1/portal/groups/{groupId}', { path: { groupId: group.groupId } })
                  .then(() => {
                    groups = groups.filter((one) => one.groupId !== group.groupId);
                    if (editing?.groupId === group.groupId) edit(undefined);
                    app.announce(t('groups.deleted', { name: group.name }));
                    renderList();
                    listHeading.focus();
                  })
                  .catch((error: unknown) => {
                    listMessage.textContent = error instanceof ApiProblem ? error.detail : String(error);
                    listMessage.hidden = false;
                    listMessage.focus();
                  });
              },
            },
            t('groups.yesDelete', { name: group.name }),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                confirmArea.hidden = true;
                title.focus();
              },
            },
            t('groups.keep'),
          ),
        );
        if (group.groupId === focusGroupId) queueMicrotask(() => title.focus());
        return card;
      }),
    );
  }

  edit(undefined);
  renderList();
  replace(
    frame.content,
    h('p', {}, t('groups.intro')),
    h('section', {}, listHeading, listMessage, list),
    h('section', {}, formHeading, form),
  );
}
