import type { App } from '../app';
import { ApiProblem, pathWithQuery, type Query } from '../api';
import { h } from '../dom';
import { formatDateTime, t } from '../i18n';

const POLL_MS = 2000;

/**
 * "Download CSV" and "Download JSON" of what the product list shows (its filters, search and sort): the direct
 * download (GET /v1/portal/exports/products) for up to 5,000 products; above, the API answers 422
 * export-too-large and the background export runs instead (POST /v1/portal/export-jobs, polled until its
 * download link is ready).
 */
export function exportButtons(app: App, selection: Query): HTMLElement {
  const status = h('p', { class: 'meta', role: 'status' });
  const link = h('p', {});
  const button = (format: 'csv' | 'json') => {
    const element = h(
      'button',
      { type: 'button', class: 'secondary' },
      t('productExport.download', { format: format.toUpperCase() }),
    );
    element.addEventListener('click', () => {
      element.disabled = true;
      link.replaceChildren();
      void download(app, selection, format, status, link).finally(() => (element.disabled = false));
    });
    return element;
  };
  return h('div', { class: 'exports' }, button('csv'), button('json'), status, link);
}

async function download(
  app: App,
  selection: Query,
  format: 'csv' | 'json',
  status: HTMLElement,
  link: HTMLElement,
): Promise<void> {
  status.textContent = t('productExport.preparing');
  const token = app.session()?.idToken;
  const response = await fetch(pathWithQuery('/v1/portal/exports/products', { ...selection, format }), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (response.ok) {
    const name =
      /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ??
      `products.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const anchor = h('a', { href: url, download: name }, t('productExport.save', { name }));
    link.replaceChildren(anchor);
    anchor.click();
    status.textContent = t('productExport.ready', { name });
    return;
  }
  const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
  if (response.status !== 422 || !String(problem.type).endsWith('export-too-large')) {
    status.textContent = problem.detail ?? t('productExport.failedStatus', { status: response.status });
    return;
  }
  status.textContent = t('productExport.background');
  try {
    let job = await app.api('POST', '/v1/portal/export-jobs', {
      body: { ...(selection as Record<string, string>), format } as never,
    });
    while (job.state === 'QUEUED' || job.state === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = await app.api('GET', '/v1/portal/export-jobs/{exportId}', { path: { exportId: job.exportId } });
    }
    if (job.state !== 'SUCCEEDED' || !job.download) {
      status.textContent = t('productExport.failed', { reason: job.failure ?? job.state });
      return;
    }
    link.replaceChildren(
      h('a', { href: job.download.url }, t('productExport.downloadFile', { name: job.download.fileName })),
    );
    status.textContent = t('productExport.done', {
      count: job.count ?? 0,
      until: formatDateTime(job.download.expiresAt),
    });
  } catch (error) {
    status.textContent = error instanceof ApiProblem ? error.detail : String(error);
  }
}
