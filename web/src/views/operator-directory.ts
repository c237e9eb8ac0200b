import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AnswerOf, BodyOf } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { countryField, field, FormController, submitButton } from '../forms';
import { keyPerBody, operatorFrame, problemMessage } from './operator-frame';
import { scrollingTable } from './portal-frame';
import { t, type MessageKey } from '../i18n';

type Listed = AnswerOf<'GET', '/v1/operator/organizations'>['items'][number];
type Organization = AnswerOf<'GET', '/v1/operator/organizations/{organizationId}'>;
type Edit = Omit<BodyOf<'PATCH', '/v1/operator/organizations/{organizationId}'>, 'revision'>;

const PAGE = 25;

/** Problems about a domain being added: shown at the domain field. */
const DOMAIN_PROBLEMS = new Set(['domain-not-allowed', 'domain-owned']);

const STATUS_LABELS: Record<Listed['status'], MessageKey> = {
  ACTIVE: 'directory.statuses.ACTIVE',
  PENDING: 'directory.statuses.PENDING',
  SUSPENDED: 'directory.statuses.SUSPENDED',
};

export const organizationPath = (organizationId: string) =>
  `/operator/organization?id=${encodeURIComponent(organizationId)}`;

/**
 * The organization directory (GET /v1/operator/organizations): search by name prefix or by email domain,
 * "Show more" with the cursor; each organization opens its page.
 */
export async function operatorDirectoryView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'organizations', t('operator.sections.organizations'));
  if (!frame) return;
  const name = field({
    name: 'name',
    label: t('directory.nameStarts'),
    value: url.searchParams.get('name') ?? '',
  });
  const domain = field({
    name: 'domain',
    label: t('common.emailDomain'),
    hint: t('directory.domainHint'),
    value: url.searchParams.get('domain') ?? '',
  });
  const search = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('directory.searchLabel') },
    name.element,
    domain.element,
    submitButton(t('directory.search')),
  );
  const controller = new FormController(search, [name, domain]);
  const count = h('p', { class: 'meta', 'aria-live': 'polite' });
  const table = scrollingTable(
    t('operator.sections.organizations'),
    [
      t('common.name'),
      t('products.status'),
      t('directory.kind'),
      t('common.country'),
      t('directory.domains'),
    ],
    [],
  );
  const more = h('button', { type: 'button', class: 'secondary' }, t('directory.more'));
  const moreArea = h('div', { class: 'more', hidden: true }, more);
  let cursor: string | undefined;
  let shown = 0;

  const row = (organization: Listed) =>
    h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h('a', { href: organizationPath(organization.organizationId), 'data-link': true }, organization.name),
      ),
      h('td', {}, t(STATUS_LABELS[organization.status])),
      h('td', {}, t('directory.kindName', { kind: organization.kind })),
      h('td', {}, organization.country),
      h('td', {}, organization.domains.join(t('common.listSeparator'))),
    );
  const query = () => ({
    limit: PAGE,
    ...(name.value() ? { name: name.value() } : {}),
    ...(domain.value() ? { domain: domain.value().toLowerCase() } : {}),
  });
  const load = async (append: boolean) => {
    const page = await app.api('GET', '/v1/operator/organizations', {
      query: { ...query(), ...(append && cursor ? { cursor } : {}) },
    });
    const rows = page.items.map(row);
    if (append) table.body.append(...rows);
    else table.body.replaceChildren(...rows);
    shown = (append ? shown : 0) + page.items.length;
    cursor = page.nextCursor ?? undefined;
    moreArea.hidden = !cursor;
    count.textContent =
      shown === 0 ? t('directory.none') : t('directory.shown', { count: shown, all: cursor ? 'no' : 'yes' });
    return rows;
  };
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await load(false);
      app.announce(count.textContent ?? '');
    });
  });
  more.addEventListener('click', () => {
    more.disabled = true;
    void load(true)
      .then((rows) => rows[0]?.querySelector('a')?.focus())
      .catch((error: unknown) => controller.show(error))
      .finally(() => (more.disabled = false));
  });
  await load(false);
  replace(frame.content, search, count, table.element, moreArea);
}

/**
 * One organization (GET /v1/operator/organizations/{id}): its profile, edited with its revision (409 when
 * someone else changed it first: the page reloads it), deactivated or reactivated, its email domains added and
 * removed, and its history.
 */
export async function operatorOrganizationView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'organizations', t('common.organization'));
  if (!frame) return;
  const organizationId = url.searchParams.get('id') ?? '';
  let organization: Organization;
  try {
    organization = await app.api('GET', '/v1/operator/organizations/{organizationId}', {
      path: { organizationId },
    });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
      replace(frame.content, h('p', { class: 'notice' }, t('directory.noSuch')));
      return;
    }
    throw error;
  }
  renderOrganization(app, frame, organization);
}

type Frame = { content: HTMLElement; heading: HTMLHeadingElement };

function renderOrganization(app: App, frame: Frame, organization: Organization): void {
  const content = frame.content;
  frame.heading.textContent = organization.name;
  const message = problemMessage();

  /** PATCH with the revision shown; a stale one (409) reloads the organization and says so. */
  const keyFor = keyPerBody();
  const save = async (edit: Edit, done: string) => {
    message.clear();
    try {
      const saved = await app.api('PATCH', '/v1/operator/organizations/{organizationId}', {
        path: { organizationId: organization.organizationId },
        body: { revision: organization.revision, ...edit },
        idempotencyKey: keyFor({ revision: organization.revision, ...edit }),
      });
      renderOrganization(app, frame, { ...saved });
      app.announce(done);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409 && error.type === 'concurrent-update') {
        const fresh = await app.api('GET', '/v1/operator/organizations/{organizationId}', {
          path: { organizationId: organization.organizationId },
        });
        renderOrganization(app, frame, fresh);
        app.announce(t('directory.concurrent'));
        return;
      }
      throw error;
    }
  };

  // Profile.
  const nameField = field({
    name: 'name',
    label: t('common.name'),
    required: true,
    value: organization.name,
  });
  const country = countryField({ name: 'country', label: t('common.country'), required: true });
  country.control.value = organization.country;
  const kind = field({
    name: 'kind',
    label: t('directory.kind'),
    required: true,
    options: [
      { value: 'CUSTOMER', label: t('directory.kindName', { kind: 'CUSTOMER' }) },
      { value: 'PARTNER', label: t('directory.kindName', { kind: 'PARTNER' }) },
    ],
    value: organization.kind,
  });
  const profile = h(
    'form',
    { 'aria-label': t('directory.editLabel') },
    nameField.element,
    country.element,
    kind.element,
    submitButton(t('directory.save')),
  );
  const profileController = new FormController(profile, [nameField, country, kind]);
  profile.addEventListener('submit', (event) => {
    event.preventDefault();
    void profileController.submit(() =>
      save(
        {
          name: nameField.value(),
          country: country.value(),
          kind: kind.value() === 'PARTNER' ? 'PARTNER' : 'CUSTOMER',
        },
        t('directory.saved'),
      ),
    );
  });

  // Status.
  const active = organization.status === 'ACTIVE';
  const statusForm = h(
    'form',
    { 'aria-label': active ? t('directory.deactivateLabel') : t('directory.reactivateLabel') },
    h(
      'p',
      {},
      active
        ? t('directory.deactivateIntro')
        : organization.status === 'PENDING'
          ? t('directory.pending')
          : t('directory.deactivatedIntro'),
    ),
    organization.status === 'PENDING'
      ? null
      : (() => {
          const button = submitButton(active ? t('directory.deactivate') : t('directory.reactivate'));
          if (active) button.classList.replace('primary', 'danger');
          return button;
        })(),
  );
  const statusController = new FormController(statusForm, []);
  statusForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void statusController.submit(() =>
      save(
        { status: active ? 'SUSPENDED' : 'ACTIVE' },
        active ? t('directory.deactivated') : t('directory.reactivated'),
      ),
    );
  });

  // Domains.
  const domainRows = organization.domains.map((domain) => {
    const remove = h(
      'button',
      { type: 'button', class: 'secondary' },
      t('directory.remove'),
      h('span', { class: 'visually-hidden' }, ' ', domain),
    );
    remove.addEventListener('click', () => {
      remove.disabled = true;
      void save({ removeDomains: [domain] }, t('directory.removed', { domain }))
        .catch((error: unknown) => message.show(error))
        .finally(() => (remove.disabled = false));
    });
    return h('tr', {}, h('th', { scope: 'row' }, domain), h('td', {}, remove));
  });
  const domains = scrollingTable(
    t('directory.emailDomains'),
    [t('operator.domain'), t('directory.remove')],
    domainRows,
  );
  const newDomain = field({
    name: 'domain',
    label: t('directory.addLabel'),
    hint: t('directory.addHint'),
    required: true,
    pointer: '/addDomains',
  });
  const addForm = h(
    'form',
    { 'aria-label': t('directory.newDomain') },
    newDomain.element,
    submitButton(t('directory.add')),
  );
  const addController = new FormController(addForm, [newDomain]);
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void addController.submit(async () => {
      try {
        await save(
          { addDomains: [newDomain.value().toLowerCase()] },
          t('directory.added', { domain: newDomain.value() }),
        );
      } catch (error) {
        // Refusals of the domain itself (webmail, owned outside the group) concern the domain field.
        if (error instanceof ApiProblem && DOMAIN_PROBLEMS.has(error.type) && error.errors.length === 0) {
          throw new ApiProblem(error.status, error.type, error.title, error.detail, [
            { pointer: '/addDomains', detail: error.detail },
          ]);
        }
        throw error;
      }
    });
  });

  const history = scrollingTable(
    t('operator.history.title'),
    [
      t('operator.history.when'),
      t('operator.history.event'),
      t('operator.history.by'),
      t('operator.history.detail'),
    ],
    organization.history.map((event) =>
      h(
        'tr',
        {},
        h('td', {}, formatDateTime(event.at)),
        h('th', { scope: 'row' }, t('directory.event', { event: event.event })),
        h('td', {}, event.by),
        h('td', {}, event.detail ?? ''),
      ),
    ),
  );

  replace(
    content,
    message.element,
    h(
      'dl',
      { class: 'profile' },
      h('dt', {}, t('products.status')),
      h('dd', {}, t(STATUS_LABELS[organization.status])),
      h('dt', {}, t('directory.organizationId')),
      h('dd', {}, organization.organizationId),
      organization.divisionOf
        ? [h('dt', {}, t('directory.divisionOf')), h('dd', {}, organization.divisionOf)]
        : null,
      h('dt', {}, t('directory.revision')),
      h('dd', {}, organization.revision),
    ),
    h('section', {}, h('h2', {}, t('directory.profile')), profile),
    h('section', {}, h('h2', {}, t('products.status')), statusForm),
    h('section', {}, h('h2', {}, t('directory.emailDomains')), domains.element, addForm),
    h('section', {}, h('h2', {}, t('operator.history.title')), history.element),
    h('p', {}, h('a', { href: '/operator/organizations', 'data-link': true }, t('directory.back'))),
  );
}
