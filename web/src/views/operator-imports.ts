import type { App } from '../app';
import { ApiProblem, rawCall } from '../api';
import type { AnswerOf } from '../api-types';
import { h, numberFormat, replace } from '../dom';
import { field, FormController, radioGroup, submitButton, type ProblemTarget } from '../forms';
import { idempotencyKey, operatorFrame } from './operator-frame';
import { scrollingTable } from './portal-frame';

type Report = AnswerOf<'POST', '/v1/operator/organizations/{organizationId}/imports/{kind}'>;
type Listed = AnswerOf<'GET', '/v1/operator/organizations'>['items'][number];

/**
 * Imports (POST /v1/operator/organizations/{id}/imports/{kind}): pick an organization (search by name or
 * domain), choose sites or products, upload a CSV or JSON file, and read the report row by row. A file is
 * sent as it is (CSV as text/csv, so the report names its lines); one Idempotency-Key per file chosen.
 */
export async function operatorImportsView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'imports', 'Imports');
  if (!frame) return;

  // 1. The organization.
  const search = field({
    name: 'organizationSearch',
    label: 'Organization',
    hint: 'The start of its name, or its email domain (with a dot)',
    value: url.searchParams.get('organization') ?? '',
  });
  const organization = field({
    name: 'organizationId',
    label: 'Import into',
    required: true,
    options: [{ value: '', label: 'Search for an organization first' }],
    pointer: 'path:/organizationId',
  });
  const find = h('button', { type: 'button', class: 'secondary' }, 'Find');
  const findOrganizations = async () => {
    const text = search.value();
    const page = await app.api('GET', '/v1/operator/organizations', {
      query: {
        limit: 25,
        ...(text.includes('.') ? { domain: text.toLowerCase() } : text ? { name: text } : {}),
      },
    });
    const options = page.items.map((item: Listed) =>
      h('option', { value: item.organizationId }, `${item.name} (${item.domains.join(', ') || 'no domain'})`),
    );
    organization.control.replaceChildren(
      ...(options.length ? options : [h('option', { value: '' }, 'No organization matches')]),
    );
    app.announce(`${options.length} organization${options.length === 1 ? '' : 's'} found.`);
  };
  find.addEventListener(
    'click',
    () => void findOrganizations().catch((error: unknown) => controller.show(error)),
  );

  // 2. The kind and the file.
  const kind = radioGroup({
    name: 'kind',
    legend: 'What the file holds',
    pointer: 'path:/kind',
    choices: [
      { value: 'sites', label: 'Sites', hint: 'Columns: siteId, name, address, city, country' },
      {
        value: 'products',
        label: 'Products',
        hint: 'Columns: serviceTag, model, family, siteId, supportEndDate (sites first)',
      },
    ],
  });
  const fileId = 'import-file';
  const fileError = h('p', { class: 'field-error', id: `${fileId}-error`, hidden: true });
  const file = h('input', {
    type: 'file',
    id: fileId,
    name: 'file',
    accept: '.csv,.json,text/csv,application/json',
    'aria-describedby': `${fileId}-hint`,
  });
  const fileField = h(
    'div',
    { class: 'field' },
    h('label', { for: fileId }, 'File (CSV or JSON)'),
    h('p', { class: 'hint', id: `${fileId}-hint` }, 'CSV with a header row, or JSON {"rows": [...]}.'),
    fileError,
    file,
  );
  const fileTarget: ProblemTarget = {
    pointer: '/rows',
    setError(message) {
      fileError.textContent = message ?? '';
      fileError.hidden = !message;
      if (message) file.setAttribute('aria-invalid', 'true');
      else file.removeAttribute('aria-invalid');
    },
    focus: () => file.focus(),
  };
  const csvTarget: ProblemTarget = { ...fileTarget, pointer: 'csv:' };
  let key = idempotencyKey();
  file.addEventListener('change', () => (key = idempotencyKey()));

  const report = h('div', { class: 'import-report' });
  const form = h(
    'form',
    { 'aria-label': 'Import sites or products' },
    h('div', { class: 'filters' }, search.element, find),
    organization.element,
    kind.element,
    fileField,
    submitButton('Import'),
  );
  const controller = new FormController(form, [organization], [kind.target, fileTarget, csvTarget]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const organizationId = organization.value();
      const chosenKind = kind.value();
      const chosen = file.files?.[0];
      const missing = [
        ...(organizationId ? [] : [{ pointer: 'path:/organizationId', detail: 'Choose an organization.' }]),
        ...(chosenKind ? [] : [{ pointer: 'path:/kind', detail: 'Choose sites or products.' }]),
        ...(chosen ? [] : [{ pointer: '/rows', detail: 'Choose a CSV or JSON file.' }]),
      ];
      if (missing.length || !chosen || !chosenKind) {
        throw new ApiProblem(400, 'validation-error', 'Incomplete', 'Some choices are missing.', missing);
      }
      const content = await chosen.text();
      const csv = chosen.name.toLowerCase().endsWith('.csv') || chosen.type === 'text/csv';
      let body: unknown;
      if (!csv) {
        try {
          body = JSON.parse(content);
        } catch {
          throw new ApiProblem(400, 'validation-error', 'Not JSON', 'The file is not JSON.', [
            { pointer: '/rows', detail: 'is not a JSON document; use {"rows": [...]} or a CSV file.' },
          ]);
        }
      }
      const answer = (await rawCall(app.api)(
        'POST',
        '/v1/operator/organizations/{organizationId}/imports/{kind}',
        {
          path: { organizationId, kind: chosenKind },
          idempotencyKey: key,
          ...(csv ? { text: { contentType: 'text/csv', content } } : { body }),
        },
      )) as Report;
      replace(report, ...reportOf(answer, chosen.name));
      app.announce(
        `Imported: ${answer.created} created, ${answer.updated} updated, ${answer.rejected} rejected.`,
      );
      report.querySelector<HTMLElement>('h2')?.focus();
    });
  });

  replace(frame.content, form, report);
  if (search.value()) await findOrganizations();
}

function reportOf(answer: Report, fileName: string): HTMLElement[] {
  const stat = (label: string, value: number) =>
    h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, numberFormat.format(value)));
  const rejected = scrollingTable(
    'Rejected rows',
    ['Row', 'Line', 'Key', 'What is wrong'],
    answer.rejectedRows.map((row) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, row.row),
        h('td', {}, row.line ?? ''),
        h('td', {}, row.key ?? ''),
        h(
          'td',
          {},
          h(
            'ul',
            {},
            row.errors.map((error) => h('li', {}, `${error.field}: ${error.detail}`)),
          ),
        ),
      ),
    ),
  );
  return [
    h('h2', { tabindex: -1 }, `Report: ${fileName} (${answer.kind})`),
    h(
      'dl',
      { class: 'stats' },
      stat('Received', answer.received),
      stat('Created', answer.created),
      stat('Updated', answer.updated),
      stat('Unchanged', answer.unchanged),
      stat('Rejected', answer.rejected),
    ),
    answer.rejectedRows.length ? rejected.element : h('p', {}, 'Every row was taken.'),
  ];
}
