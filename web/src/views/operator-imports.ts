import type { App } from '../app';
import { ApiProblem, rawCall } from '../api';
import type { AnswerOf } from '../api-types';
import { h, numberFormat, replace } from '../dom';
import { field, FormController, radioGroup, submitButton, type ProblemTarget } from '../forms';
import { idempotencyKey, operatorFrame } from './operator-frame';
import { scrollingTable } from './portal-frame';
import { t } from '../i18n';

type Report = AnswerOf<'POST', '/v1/operator/organizations/{organizationId}/imports/{kind}'>;
type Listed = AnswerOf<'GET', '/v1/operator/organizations'>['items'][number];

/**
 * Imports (POST /v1/operator/organizations/{id}/imports/{kind}): pick an organization (search by name or
 * domain), choose sites or products, upload a CSV or JSON file, and read the report row by row. A file is
 * sent as it is (CSV as text/csv, so the report names its lines); one Idempotency-Key per file chosen.
 */
export async function operatorImportsView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = operatorFrame(app, main, 'imports', t('operator.sections.imports'));
  if (!frame) return;

  // 1. The organization.
  const search = field({
    name: 'organizationSearch',
    label: t('common.organization'),
    hint: t('imports.searchHint'),
    value: url.searchParams.get('organization') ?? '',
  });
  const organization = field({
    name: 'organizationId',
    label: t('imports.into'),
    required: true,
    options: [{ value: '', label: t('imports.searchFirst') }],
    pointer: 'path:/organizationId',
  });
  const find = h('button', { type: 'button', class: 'secondary' }, t('portal.search.submit'));
  const findOrganizations = async () => {
    const text = search.value();
    const page = await app.api('GET', '/v1/operator/organizations', {
      query: {
        limit: 25,
        ...(text.includes('.') ? { domain: text.toLowerCase() } : text ? { name: text } : {}),
      },
    });
    const options = page.items.map((item: Listed) =>
      h(
        'option',
        { value: item.organizationId },
        t('imports.option', {
          name: item.name,
          domains: item.domains.join(t('common.listSeparator')) || t('imports.noDomain'),
        }),
      ),
    );
    organization.control.replaceChildren(
      ...(options.length ? options : [h('option', { value: '' }, t('imports.noMatch'))]),
    );
    app.announce(t('imports.found', { count: options.length }));
  };
  find.addEventListener(
    'click',
    () => void findOrganizations().catch((error: unknown) => controller.show(error)),
  );

  // 2. The kind and the file.
  const kind = radioGroup({
    name: 'kind',
    legend: t('imports.kind'),
    pointer: 'path:/kind',
    choices: [
      { value: 'sites', label: t('portal.sections.sites'), hint: t('imports.sitesHint') },
      {
        value: 'products',
        label: t('portal.sections.products'),
        hint: t('imports.productsHint'),
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
    h('label', { for: fileId }, t('imports.file')),
    h('p', { class: 'hint', id: `${fileId}-hint` }, t('imports.fileHint')),
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
    { 'aria-label': t('imports.formLabel') },
    h('div', { class: 'filters' }, search.element, find),
    organization.element,
    kind.element,
    fileField,
    submitButton(t('imports.submit')),
  );
  const controller = new FormController(form, [organization], [kind.target, fileTarget, csvTarget]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const organizationId = organization.value();
      const chosenKind = kind.value();
      const chosen = file.files?.[0];
      const missing = [
        ...(organizationId
          ? []
          : [{ pointer: 'path:/organizationId', detail: t('imports.chooseOrganization') }]),
        ...(chosenKind ? [] : [{ pointer: 'path:/kind', detail: t('imports.chooseKind') }]),
        ...(chosen ? [] : [{ pointer: '/rows', detail: t('imports.chooseFile') }]),
      ];
      if (missing.length || !chosen || !chosenKind) {
        throw new ApiProblem(400, 'validation-error', t('imports.incomplete'), t('imports.missing'), missing);
      }
      const content = await chosen.text();
      const csv = chosen.name.toLowerCase().endsWith('.csv') || chosen.type === 'text/csv';
      let body: unknown;
      if (!csv) {
        try {
          body = JSON.parse(content);
        } catch {
          throw new ApiProblem(400, 'validation-error', t('imports.notJson'), t('imports.notJsonDetail'), [
            { pointer: '/rows', detail: t('imports.notJsonField') },
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
      app.announce(t('imports.announce', answer));
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
    t('imports.rejectedRows'),
    [t('imports.row'), t('imports.line'), t('imports.key'), t('imports.wrong')],
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
            row.errors.map((error) => h('li', {}, t('imports.error', error))),
          ),
        ),
      ),
    ),
  );
  return [
    h('h2', { tabindex: -1 }, t('imports.report', { fileName, kind: answer.kind })),
    h(
      'dl',
      { class: 'stats' },
      stat(t('imports.stats.received'), answer.received),
      stat(t('imports.stats.created'), answer.created),
      stat(t('imports.stats.updated'), answer.updated),
      stat(t('imports.stats.unchanged'), answer.unchanged),
      stat(t('imports.stats.rejected'), answer.rejected),
    ),
    answer.rejectedRows.length ? rejected.element : h('p', {}, t('imports.allTaken')),
  ];
}
