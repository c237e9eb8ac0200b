import type { Product, Site } from './portal';

/**
 * What an export of products holds and how it is written. One row per product, with its site's name and place
 * so the file stands on its own; dates are ISO 8601 days (`YYYY-MM-DD`), as stored.
 *
 * CSV follows RFC 4180 (comma, CRLF, fields quoted when they hold a comma, quote or line break), begins with a
 * UTF-8 byte order mark so Excel reads it as UTF-8, and is safe to open in a spreadsheet: a field that a
 * spreadsheet would take as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is
 * prefixed with an apostrophe, as OWASP recommends against CSV injection, so it is shown as text and never run.
 */

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Most products a direct download holds: about 1 MB of JSON, read in a few seconds, far inside 6 MB. */
export const MAX_DIRECT_EXPORT_PRODUCTS = 5_000;

export const CSV_BOM = '\uFEFF';

export interface ExportRow {
  readonly serviceTag: string;
  readonly model: string;
  readonly family: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly city: string;
  readonly country: string;
  readonly supportEndDate: string;
  readonly supportStatus: Product['supportStatus'];
}

const COLUMNS: ReadonlyArray<readonly [keyof ExportRow, string]> = [
  ['serviceTag', 'Service tag'],
  ['model', 'Model'],
  ['family', 'Family'],
  ['siteId', 'Site ID'],
  ['siteName', 'Site'],
  ['city', 'City'],
  ['country', 'Country'],
  ['supportEndDate', 'Support end date'],
  ['supportStatus', 'Support status'],
];

export function exportRow(product: Product, site: Site | undefined): ExportRow {
  return {
    serviceTag: product.serviceTag,
    model: product.model,
    family: product.family,
    siteId: product.siteId,
    siteName: site?.name ?? '',
    city: site?.city ?? '',
    country: site?.country ?? '',
    supportEndDate: product.supportEndDate,
    supportStatus: product.supportStatus,
  };
}

/** A field as a spreadsheet must show it: formulas defused, then quoted when needed. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_BOM}${COLUMNS.map(([, title]) => csvField(title)).join(',')}\r\n`;
}

export function csvLine(row: ExportRow): string {
  return `${COLUMNS.map(([name]) => csvField(row[name])).join(',')}\r\n`;
}

/** The file name offered for download, e.g. `products-2026-12-05.csv`. */
export function exportFileName(format: ExportFormat, day: string): string {
  return `products-${day}.${format}`;
}
