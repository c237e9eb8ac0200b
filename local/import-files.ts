import { parse } from 'csv-parse/sync';
import type { ImportKind, ImportReport, RejectedRow } from '../functions/core/domain/portal-import';

/**
 * How `npm run import` cuts a file into requests: CSV files into pieces that each repeat the header row, JSON
 * files (an array of rows, or `{ "rows": [...] }`) into arrays; and how the answers are put back together, rows
 * and lines numbered as in the whole file.
 */

export interface ImportPart {
  readonly contentType: 'text/csv' | 'application/json';
  readonly body: string;
  /** Rows of the file before this part. */
  readonly rowOffset: number;
  /** The file's line of each row of this part (CSV only), by row within the part (from 1). */
  readonly lines?: readonly number[];
}

export function splitCsv(text: string, maxRows: number): ImportPart[] {
  const records = parse(text, {
    bom: true,
    raw: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as unknown as Array<{ readonly raw: string; readonly info: { readonly lines: number } }>;
  const [header, ...rows] = records;
  if (!header) return [];
  // A raw record may carry the line ends around it; none of them belong to its fields.
  const bare = (raw: string) => raw.replace(/^\uFEFF/, '').replace(/^[\r\n]+|[\r\n]+$/g, '');
  const headerLine = bare(header.raw);
  const parts: ImportPart[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += maxRows) {
    const slice = rows.slice(start, start + maxRows);
    const body = [headerLine, ...slice.map((row) => bare(row.raw))].join('\n');
    parts.push({
      contentType: 'text/csv',
      body: `${body}\n`,
      rowOffset: start,
      lines: slice.map((row) => row.info.lines),
    });
  }
  return parts;
}

export function splitJson(text: string, maxRows: number): ImportPart[] {
  const parsed: unknown = JSON.parse(text);
  const rows = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { rows?: unknown }).rows)
      ? (parsed as { rows: unknown[] }).rows
      : undefined;
  if (!rows) throw new Error('a JSON import file holds an array of rows, or { "rows": [ ... ] }');
  const parts: ImportPart[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += maxRows) {
    parts.push({
      contentType: 'application/json',
      body: JSON.stringify({ rows: rows.slice(start, start + maxRows) }),
      rowOffset: start,
    });
  }
  return parts;
}

/** A part's rejected rows, numbered as in the whole file. */
export function inFile(part: ImportPart, rejected: readonly RejectedRow[]): RejectedRow[] {
  return rejected.map((row) => {
    const line = part.lines?.[row.row - 1] ?? row.line;
    return { ...row, row: row.row + part.rowOffset, ...(line === undefined ? {} : { line }) };
  });
}

export function mergeReports(
  organizationId: string,
  kind: ImportKind,
  reports: ReadonlyArray<{ readonly part: ImportPart; readonly report: ImportReport }>,
): ImportReport {
  const sum = (field: 'received' | 'created' | 'updated' | 'unchanged' | 'rejected') =>
    reports.reduce((total, { report }) => total + report[field], 0);
  return {
    organizationId,
    kind,
    received: sum('received'),
    created: sum('created'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    rejected: sum('rejected'),
    rejectedRows: reports.flatMap(({ part, report }) => inFile(part, report.rejectedRows)),
  };
}
