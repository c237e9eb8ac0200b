import type { App } from '../app';
import { ApiProblem } from '../api';
import type { AnswerOf, BodyOf } from '../api-types';
import { formatDateTime, h, replace } from '../dom';
import { countryField, field, FormController, submitButton } from '../forms';
import { keyPerBody, operatorFrame, problemMessage } from './operator-frame';
import { scrollingTable } from './portal-frame';

type Listed = AnswerOf<'GET', '/v1/operator/organizations'>['items'][number];
type Organization = AnswerOf<'GET', '/v1/operator/organizations/{organizationId}'>;
type Edit = Omit<BodyOf<'PATCH', '/v1/operator/organizations/{organizationId}'>, 'revision'>;

const PAGE = 25;

/** Problems about a domain being added: shown at the domain field. */
const DOMAIN_PROBLEMS = new Set(['domain-not-allowed', 'domain-owned']);

const STATUS_LABELS: Record<Listed['status'], string> = {
  ACTIVE: 'Active',
  PENDING: 'Pending review',
  SUSPENDED: 'Deactivated',
};

export const organizationPath = (organizationId: string) =>
  `/operator/organization?id=${encodeURIComponent(organizationId)}`;

/**
 * The organization directory (GET /v1/operator/organizations): search by name prefix or by email domain,
 * "Show more" with the cursor; each organization opens its page.
 */
export async function operatorDirectoryView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'organizations', 'Organizations');
  if (!frame) return;
  const name = field({
    name: 'name',
    label: 'Name starts with',
    value: url.searchParams.get('name') ?? '',
  });
  const domain = field({
    name: 'domain',
    label: 'Email domain',
    hint: 'The whole domain, e.g. acme.example',
    value: url.searchParams.get('domain') ?? '',
  });
  const search = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search organizations' },
    name.element,
    domain.element,
    submitButton('Search'),
  );
  const controller = new FormController(search, [name, domain]);
  const count = h('p', { class: 'meta', 'aria-live': 'polite' });
  const table = scrollingTable('Organizations', ['Name', 'Status', 'Kind', 'Country', 'Domains'], []);
  const more = h('button', { type: 'button', class: 'secondary' }, 'Show more organizations');
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
      h('td', {}, STATUS_LABELS[organization.status]),
      h('td', {}, organization.kind === 'PARTNER' ? 'Partner' : 'Customer'),
      h('td', {}, organization.country),
      h('td', {}, organization.domains.join(', ')),
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
      shown === 0 ? 'No organization matches.' : `${shown} shown${cursor ? '' : '; that is all'}.`;
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
  const frame = operatorFrame(app, main, 'organizations', 'Organization');
  if (!frame) return;
  const organizationId = url.searchParams.get('id') ?? '';
  let organization: Organization;
  try {
    organization = await app.api('GET', '/v1/operator/organizations/{organizationId}', {
      path: { organizationId },
    });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
      replace(frame.content, h('p', { class: 'notice' }, 'There is no such organization.'));
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
        app.announce(
          'Someone else changed this organization meanwhile: it is shown as it is now. Edit again.',
        );
        return;
      }
      throw error;
    }
  };

  // Profile.
  const nameField = field({ name: 'name', label: 'Name', required: true, value: organization.name });
  const country = countryField({ name: 'country', label: 'Country', required: true });
  country.control.value = organization.country;
  const kind = field({
    name: 'kind',
    label: 'Kind',
    required: true,
    options: [
      { value: 'CUSTOMER', label: 'Customer' },
      { value: 'PARTNER', label: 'Partner' },
    ],
    value: organization.kind,
  });
  const profile = h(
    'form',
    { 'aria-label': 'Edit the organization' },
    nameField.element,
    country.element,
    kind.element,
    submitButton('Save changes'),
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
        'The organization is saved.',
      ),
    );
  });

  // Status.
  const active = organization.status === 'ACTIVE';
  const statusForm = h(
    'form',
    { 'aria-label': active ? 'Deactivate the organization' : 'Reactivate the organization' },
    h(
      'p',
      {},
      active
        ? 'Deactivating keeps the members’ accounts but takes their portal access away until it is reactivated.'
        : organization.status === 'PENDING'
          ? 'This organization waits for its review.'
          : 'Deactivated: its members have no portal access. Reactivating gives it back.',
    ),
    organization.status === 'PENDING'
      ? null
      : (() => {
          const button = submitButton(active ? 'Deactivate' : 'Reactivate');
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
        active ? 'The organization is deactivated.' : 'The organization is active again.',
      ),
    );
  });

  // Domains.
  const domainRows = organization.domains.map((domain) => {
    const remove = h(
      'button',
      { type: 'button', class: 'secondary' },
      'Remove',
      h('span', { class: 'visually-hidden' }, ` ${domain}`),
    );
    remove.addEventListener('click', () => {
      remove.disabled = true;
      void save({ removeDomains: [domain] }, `${domain} is removed.`)
        .catch((error: unknown) => message.show(error))
        .finally(() => (remove.disabled = false));
    });
    return h('tr', {}, h('th', { scope: 'row' }, domain), h('td', {}, remove));
  });
  const domains = scrollingTable('Email domains', ['Domain', 'Remove'], domainRows);
  const newDomain = field({
    name: 'domain',
    label: 'Add an email domain',
    hint: 'People with addresses at it join this organization at registration. Webmail domains are refused.',
    required: true,
    pointer: '/addDomains',
  });
  const addForm = h(
    'form',
    { 'aria-label': 'New email domain' },
    newDomain.element,
    submitButton('Add domain'),
  );
  const addController = new FormController(addForm, [newDomain]);
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void addController.submit(async () => {
      try {
        await save({ addDomains: [newDomain.value().toLowerCase()] }, `${newDomain.value()} is added.`);
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
    'History',
    ['When', 'Event', 'By', 'Detail'],
    organization.history.map((event) =>
      h(
        'tr',
        {},
        h('td', {}, formatDateTime(event.at)),
        h('th', { scope: 'row' }, event.event),
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
      h('dt', {}, 'Status'),
      h('dd', {}, STATUS_LABELS[organization.status]),
      h('dt', {}, 'Organization id'),
      h('dd', {}, organization.organizationId),
      organization.divisionOf ? [h('dt', {}, 'Division of'), h('dd', {}, organization.divisionOf)] : null,
      h('dt', {}, 'Revision'),
      h('dd', {}, organization.revision),
    ),
    h('section', {}, h('h2', {}, 'Profile'), profile),
    h('section', {}, h('h2', {}, 'Status'), statusForm),
    h('section', {}, h('h2', {}, 'Email domains'), domains.element, addForm),
    h('section', {}, h('h2', {}, 'History'), history.element),
    h('p', {}, h('a', { href: '/operator/organizations', 'data-link': true }, 'Back to the directory')),
  );
}
